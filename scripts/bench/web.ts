// `npm run bench:web`: the dashboard on the demo fleet (5,000 devices, 20 collèges, 14 days), in
// Debian's Chromium. Per page: the time from navigation until its data is shown (p50 and p95 over N
// full loads, the first one with an empty cache), and the API calls it made; the initial JavaScript
// of index.html, gzipped. Targets (issue 13): p95 <= 500 ms per page, <= 300 KB gzip, <= 6 calls.
// Last stdout line: {pages, p95_ms_max, js_kb_gzip, api_calls_max, loads, load_avg_1m, machine, date}.
//   --loads N (20)
// DATABASE_URL (default the demo's, vigie_demo: a fleet loaded by `npm run demo` is reused).
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { DASHBOARD_PAGES, openDemoDashboard, waitForData } from '../stack/demo-dashboard.ts';
import { ROOT } from '../stack/processes.ts';
import { describeMachine } from './machine.ts';
import { percentile, round } from './stats.ts';

const { values: args } = parseArgs({ options: { loads: { type: 'string', default: '20' } } });
const LOADS = Number(args.loads);
if (!Number.isInteger(LOADS) || LOADS < 1) throw new Error('--loads must be a positive integer');
const say = (line = '') => process.stderr.write(`${line}\n`);

/** The gzipped size of the JavaScript index.html loads before anything else (entry and preloads). */
function initialJsKb(): number {
  const dist = path.join(ROOT, 'services/web/dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="([^"]+\.js)"/g)].map((m) => m[1]!);
  const bytes = scripts.reduce((n, src) => n + gzipSync(readFileSync(path.join(dist, src.replace(/^\//, '')))).length, 0);
  return round(bytes / 1024, 1);
}

/** One full load of `url`: milliseconds until the data is shown, and the /v1 requests made meanwhile. */
async function load(page: Page, url: string): Promise<{ ms: number; calls: number }> {
  let calls = 0;
  const count = (request: { url(): string }) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/v1/') && pathname !== '/v1/stream') calls++;
  };
  page.on('request', count);
  const started = performance.now();
  await page.goto(url, { waitUntil: 'commit' });
  await waitForData(page);
  const ms = performance.now() - started;
  page.off('request', count);
  return { ms, calls };
}

const dashboard = await openDemoDashboard(say);
try {
  const context = await dashboard.signedIn('operator');
  const results: Record<string, { p50_ms: number; p95_ms: number; api_calls: number }> = {};
  for (const { path: pagePath } of DASHBOARD_PAGES) {
    // A fresh page per dashboard page: its first load starts with an empty memory cache.
    const page = await context.newPage();
    const times: number[] = [];
    let calls = 0;
    for (let i = 0; i < LOADS; i++) {
      const one = await load(page, `${dashboard.stack.baseUrl}${pagePath}`);
      times.push(one.ms);
      calls = Math.max(calls, one.calls);
    }
    await page.close();
    results[pagePath] = { p50_ms: round(percentile(times, 50)), p95_ms: round(percentile(times, 95)), api_calls: calls };
    say(`${pagePath.padEnd(16)} p50 ${results[pagePath].p50_ms} ms  p95 ${results[pagePath].p95_ms} ms  ${calls} API calls`);
  }
  const js = initialJsKb();
  const summary = {
    pages: results,
    p95_ms_max: Math.max(...Object.values(results).map((r) => r.p95_ms)),
    js_kb_gzip: js,
    api_calls_max: Math.max(...Object.values(results).map((r) => r.api_calls)),
    loads: LOADS,
    // Page times depend on what else the machine runs: the 1-minute load average when measured.
    load_avg_1m: round(loadavg()[0]!, 1),
    machine: describeMachine(),
    date: new Date().toISOString(),
  };
  say(`initial JavaScript ${js} KB gzip; targets: p95 <= 500 ms, <= 300 KB, <= 6 calls`);
  process.stdout.write(`${JSON.stringify(summary)}\n`);
} finally {
  await dashboard.stop();
}
