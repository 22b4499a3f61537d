import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeViolations, browserAvailable, expectAccessible, launchBrowser } from './browser.ts';

// The check the dashboard's browser tests stand on (dashboard.test.ts runs it on every page): it
// must fail a page with a serious violation, or passing it would prove nothing.
describe.skipIf(!browserAvailable())('the axe check', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('reports a serious violation and passes a page without one', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="fr"><head><title>t</title></head><body><main><button></button><p style="color:#eee;background:#fff">pâle</p></main></body></html>',
    );
    const ids = (await axeViolations(page)).map((v) => v.id).sort();
    expect(ids).toEqual(['button-name', 'color-contrast']);
    await expect(expectAccessible(page, 'the bad page')).rejects.toThrow(/button-name/);
    await page.setContent(
      '<html lang="fr"><head><title>t</title></head><body><main><h1>Vigie</h1><button>Synchroniser</button></main></body></html>',
    );
    await expectAccessible(page);
    await page.close();
  });
});
