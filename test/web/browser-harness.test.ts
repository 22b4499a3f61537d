import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call } from '@vigie/simulator';
import { axeViolations, browserAvailable, expectAccessible, launchBrowser } from './browser.ts';
import { startWebFleet, type WebFleet } from './web-fleet.ts';

// The harness the dashboard's browser tests stand on: Debian's Chromium under playwright-core, the
// axe-core check, and a simulated fleet pushed through the real pipeline.
describe.skipIf(!browserAvailable())('browser test harness', () => {
  let browser: Browser;
  let fleet: WebFleet;

  beforeAll(async () => {
    [browser, fleet] = await Promise.all([launchBrowser(), startWebFleet({ tenantPrefix: 'webh-', devices: 60, establishments: 2, days: 7 })]);
  });
  afterAll(async () => {
    await browser?.close();
    await fleet?.close();
  });

  it('the axe check reports a serious violation and passes a page without one', async () => {
    const page = await browser.newPage();
    await page.setContent('<html lang="fr"><head><title>t</title></head><body><main><button></button><p style="color:#eee;background:#fff">pâle</p></main></body></html>');
    const ids = (await axeViolations(page)).map((v) => v.id).sort();
    expect(ids).toEqual(['button-name', 'color-contrast']);
    await expect(expectAccessible(page, 'the bad page')).rejects.toThrow(/button-name/);
    await page.setContent('<html lang="fr"><head><title>t</title></head><body><main><h1>Vigie</h1><button>Synchroniser</button></main></body></html>');
    await expectAccessible(page);
    await page.close();
  });

  it('the simulated fleet is stored and rolled up: the API lists every device the browser will look for', async () => {
    const summary = await call<{ total: number }>(fleet.tenant.operator, 'GET', '/v1/fleet/summary');
    expect(summary.body.total).toBeGreaterThanOrEqual(60);
    const page = await browser.newPage({ extraHTTPHeaders: { authorization: `Bearer ${fleet.tenant.operator.token}` } });
    const res = await page.goto(`${fleet.baseUrl}/v1/fleet/summary`);
    expect(res?.status()).toBe(200);
    expect((JSON.parse(await page.innerText('body')) as { total: number }).total).toBe(summary.body.total);
    await page.close();
  });
});
