import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { loadConfig } from '@vigie/config';
import { call, provisionFleet, type FleetPlan } from '@vigie/simulator';
import { createLoginLink } from '../../services/api/src/sign-in/login-link.ts';
import { launchChromium } from './chromium.ts';
import { DEMO_FLEET, demoDates, demoPlan, loadDemoFleet } from './demo-fleet.ts';
import { freePort } from './processes.ts';
import { startStack, type Stack } from './vigie-stack.ts';
import { waitUntilRolledUp } from './wait-stored.ts';

// The demo fleet behind a real API and worker, with Chromium signed in to the dashboard: what
// `npm run bench:web` measures and `npm run screenshots` photographs. The fleet is the demo's
// (scripts/stack/demo-fleet.ts), on the demo's database by default, loaded only when it holds no
// fresh data yet, so a second run (or a run after `npm run demo`) starts in seconds.

export const DASHBOARD_PAGES = [
  { path: '/', name: 'vue-d-ensemble' },
  { path: '/etablissement', name: 'etablissement' },
  { path: '/comparaisons', name: 'comparaisons' },
  { path: '/renouvellement', name: 'renouvellement' },
  { path: '/appareils', name: 'appareils' },
  { path: '/alertes', name: 'alertes' },
  { path: '/sources', name: 'sources' },
  { path: '/journal', name: 'journal' },
  { path: '/reglages', name: 'reglages' },
] as const;

// "Its data is shown": the page's title is there and no section still says it is loading (every
// query of the page answered and rendered). A string, evaluated in the page.
const DATA_SHOWN = `(() => {
  const main = document.querySelector('main');
  return !!main && !!main.querySelector('h1') && !main.textContent.includes('Chargement');
})()`;

/** Resolves once the page shows its data (checked at every animation frame). */
export async function waitForData(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.waitForFunction(DATA_SHOWN, undefined, { polling: 'raf', timeout: timeoutMs });
}

export interface DemoDashboard {
  stack: Stack;
  tenantCode: string;
  browser: Browser;
  /** A fresh French browser profile signed in with a one-time link, as a person opening it would be. */
  signedIn(role?: 'admin' | 'operator'): Promise<BrowserContext>;
  stop(): Promise<void>;
}

export async function openDemoDashboard(say: (line?: string) => void): Promise<DemoDashboard> {
  const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/vigie_demo';
  const stack = await startStack({
    databaseUrl,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisPrefix: `vigie-web-${process.pid}`,
    host: '127.0.0.1',
    port: Number(process.env.API_PORT ?? (await freePort())),
    logDir: path.join(tmpdir(), 'vigie-web'),
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', INGEST_RATE_PER_MINUTE: '100000' },
  });
  let browser: Browser | undefined;
  try {
    const plan = demoPlan(DEMO_FLEET);
    const tenantCode = plan.tenants[0]!.code;
    if (!(await hasFreshFleet(stack, plan))) {
      say(
        `Loading the demo fleet (${DEMO_FLEET.devices} devices, ${DEMO_FLEET.establishments} collèges, ${DEMO_FLEET.days} days) into ${new URL(databaseUrl).pathname.slice(1)}...`,
      );
      const { tenant } = await loadDemoFleet(stack, plan, demoDates(DEMO_FLEET.days), say);
      const seconds = await waitUntilRolledUp(stack.db, stack.queues, tenant.tenantId, say);
      say(`Rolled up in ${Math.round(seconds)} s.`);
    } else {
      say(`Reusing the demo fleet of tenant ${tenantCode} (seen within 24 h).`);
    }
    browser = await launchChromium();
    const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, API_PUBLIC_URL: stack.baseUrl });
    const open = browser;
    return {
      stack,
      tenantCode,
      browser: open,
      async signedIn(role = 'operator') {
        // bypassCSP: the dashboard's CSP has no 'unsafe-eval', which playwright's waitForFunction needs.
        const context = await open.newContext({
          locale: 'fr-FR',
          timezoneId: 'Europe/Paris',
          viewport: { width: 1280, height: 900 },
          bypassCSP: true,
        });
        const link = await createLoginLink(stack.db, config, { tenantCode, role, name: 'Mesure du tableau de bord' });
        const page = await context.newPage();
        await page.goto(link.url);
        await page.close();
        return context;
      },
      async stop() {
        await open.close();
        await stack.stop();
      },
    };
  } catch (error) {
    await browser?.close();
    await stack.stop();
    throw error;
  }
}

/** The demo tenant exists and some device checked in within 24 h (the fleet is loaded and recent). */
async function hasFreshFleet(stack: Stack, plan: FleetPlan): Promise<boolean> {
  const admin = { baseUrl: stack.baseUrl, token: stack.adminToken };
  const tenants = (await call<{ items: { code: string }[] }>(admin, 'GET', '/v1/tenants')).body.items;
  if (!tenants.some((t) => t.code === plan.tenants[0]!.code)) return false;
  const tenant = [...(await provisionFleet(admin, plan, 'web check')).values()][0]!;
  const summary = (await call<{ last_seen: Record<string, number> }>(tenant.operator, 'GET', '/v1/fleet/summary')).body;
  return (summary.last_seen.lt_1d ?? 0) > 0;
}
