// `npm run screenshots`: a PNG of every dashboard page on the demo fleet (scripts/stack/demo-fleet.ts),
// plus one device's page, into docs/screenshots/ (shown in the README). Pages are taken whole, once
// their data and charts are drawn, at 1280 px wide in French.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { DASHBOARD_PAGES, openDemoDashboard, waitForData } from '../stack/demo-dashboard.ts';
import { ROOT } from '../stack/processes.ts';

const OUT = path.join(ROOT, 'docs/screenshots');
const say = (line = '') => process.stderr.write(`${line}\n`);

/** Waits for the data, then for every chart to have drawn its SVG (ECharts loads after the page). */
async function settled(page: Page) {
  await waitForData(page);
  await page.waitForFunction("[...document.querySelectorAll('.chart')].every((c) => c.querySelector('svg'))", undefined, {
    timeout: 30_000,
  });
  await page.waitForLoadState('networkidle');
}

async function shoot(page: Page, url: string, file: string) {
  await page.goto(url);
  await settled(page);
  await page.screenshot({ path: path.join(OUT, file), fullPage: true });
  say(`docs/screenshots/${file}`);
}

mkdirSync(OUT, { recursive: true });
const dashboard = await openDemoDashboard(say);
try {
  // An admin sees every page and every section (Réglages' API tokens are the admins').
  const context = await dashboard.signedIn('admin');
  const page = await context.newPage();
  let n = 1;
  for (const { path: pagePath, name } of DASHBOARD_PAGES) {
    await shoot(page, `${dashboard.stack.baseUrl}${pagePath}`, `${String(n++).padStart(2, '0')}-${name}.png`);
  }
  // One device's page, reached as a person would: the first device of the list.
  await page.goto(`${dashboard.stack.baseUrl}/appareils`);
  await waitForData(page);
  const href = await page.locator('main table a[href^="/appareils/"]').first().getAttribute('href');
  if (href) await shoot(page, `${dashboard.stack.baseUrl}${href}`, `${String(n).padStart(2, '0')}-appareil.png`);
} finally {
  await dashboard.stop();
}
