import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { enqueue } from '@vigie/queue';
import { call } from '@vigie/simulator';
import { apiTokens } from '@vigie/store';
import { addDays, mondayOf, todayIn } from '../../services/web/src/format/days.ts';
import { startOpenIdProvider } from '../sign-in/openid-provider.ts';
import { ageSession } from '../sign-in/session-client.ts';
import { waitFor } from '../setup/test-env.ts';
import { browserAvailable, expectAccessible, launchBrowser } from './browser.ts';
import { downloadCsv, frNumber, statValue, tableRows } from './page-data.ts';
import { sessionCookie, signIn } from './sign-in.ts';
import { startWebFleet, type WebFleet } from './web-fleet.ts';

// The dashboard in Debian's Chromium against a real Vigie holding a simulated fleet: what each page
// shows is what the REST API answers, roles restrict both, live updates arrive, CSV equals the page,
// every page passes axe (RGAA 4.1 / WCAG 2.1 AA: no serious or critical violation).

interface Page8 {
  path: string;
  title: string;
}
const PAGES: Page8[] = [
  { path: '/', title: "Vue d'ensemble" },
  { path: '/etablissement', title: 'Établissement' },
  { path: '/comparaisons', title: 'Comparaisons' },
  { path: '/renouvellement', title: 'Renouvellement' },
  { path: '/appareils', title: 'Appareils' },
  { path: '/alertes', title: 'Alertes' },
  { path: '/sources', title: 'Sources MDM' },
  { path: '/journal', title: 'Journal' },
  { path: '/reglages', title: 'Réglages' },
];

// Each test drives a real page against a real API and worker: two minutes leave room on a loaded CI.
describe.skipIf(!browserAvailable())('the dashboard in a browser', { timeout: 120_000 }, () => {
  let browser: Browser;
  let fleet: WebFleet;
  let idp: Awaited<ReturnType<typeof startOpenIdProvider>>;
  const contexts: BrowserContext[] = [];
  const api = <T>(path: string) => call<T>(fleet.tenant.operator, 'GET', path).then((r) => r.body);

  /** A fresh browser profile (no cookie) with one page. */
  async function newPage(): Promise<Page> {
    // bypassCSP: the dashboard's CSP (script-src 'self') would refuse the axe script the test injects.
    const context = await browser.newContext({
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    contexts.push(context);
    return context.newPage();
  }
  /** Waits until the page's main content has loaded (no "Chargement" left). */
  async function loaded(page: Page) {
    await page.locator('main h1').first().waitFor();
    await page.waitForFunction(
      "!document.querySelector('main [role=status].state') || !document.querySelector('main').textContent.includes('Chargement')",
    );
  }

  beforeAll(async () => {
    const secrets = { SECRETS_KEY: randomBytes(32).toString('base64'), CONNECTOR_MAX_ATTEMPTS: '1' };
    [browser, fleet] = await Promise.all([launchBrowser(), startWebFleet({ tenantPrefix: 'webd-', devices: 45, env: secrets })]);
    // An alert rule every establishment breaks, so the alert pages have something to act on.
    await call(fleet.tenant.operator, 'POST', '/v1/alert-rules', {
      kind: 'activity_rate_low',
      name: 'Usage sous 99 %',
      params: { threshold: 0.99, school_days: 5 },
    });
    await enqueue.evaluateAlerts(fleet.env.queues, { tenantId: fleet.tenant.tenantId, trigger: 'manual' });
    await waitFor(async () => (await api<{ items: unknown[] }>('/v1/alerts?state=open')).items.length > 0, 30_000, 'alerts opened');
    // The collectivité's OpenID provider: a real oidc-provider on a loopback port, set by its admin.
    idp = await startOpenIdProvider({
      clientId: 'vigie-web',
      clientSecret: 'web-test-secret',
      redirectUri: `${fleet.baseUrl}/auth/oidc/callback`,
    });
    const admin = (await apiTokens.create(fleet.env.db, { tenantId: fleet.tenant.tenantId, role: 'admin', name: 'oidc admin' })).token;
    await call({ baseUrl: fleet.baseUrl, token: admin }, 'PUT', '/v1/auth/oidc', {
      issuer: idp.issuer,
      client_id: 'vigie-web',
      client_secret: 'web-test-secret',
      scopes: ['openid', 'profile', 'groups'],
      rules: [{ claim: 'groups', equals: 'dsi', role: 'operator' }],
    });
  }, 480_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await idp?.close();
    await fleet?.close();
  });

  it('a one-time link signs in and opens the overview with the fleet total the API gives', async () => {
    const page = await newPage();
    await signIn(page, fleet, { role: 'operator' });
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.locator('main h1').first().textContent()).toBe("Vue d'ensemble");
    const summary = await api<{ total: number; offline: number }>('/v1/fleet/summary');
    await statValue(page, 'Appareils connus')
      .filter({ hasText: frNumber(summary.total) })
      .waitFor();
    // Offline as the device list counts it, under its label, and a link to that list.
    await statValue(page, 'Hors ligne (aucune remontée récente)')
      .filter({ hasText: frNumber(summary.offline) })
      .waitFor();
    const offlineLink = page.locator('.stat-label a', { hasText: 'Hors ligne (aucune remontée récente)' });
    expect(await offlineLink.getAttribute('href')).toBe('/appareils?etat=offline');
    // Last week's rate is the API's week, not one recomputed from its days.
    const today = todayIn('Europe/Paris');
    const monday = mondayOf(today);
    const { weeks } = await api<{ weeks: { start: string; activity_rate: number | null }[] }>(
      `/v1/fleet/activity?from=${addDays(monday, -7)}&to=${addDays(today, -1)}`,
    );
    const rate = weeks.find((w) => w.start === addDays(monday, -7))?.activity_rate ?? null;
    const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
    await page
      .locator('.stat', { has: page.locator('.stat-label', { hasText: /^Taux d'activité.*, semaine dernière$/ }) })
      .locator('.stat-value')
      .filter({ hasText: rate === null ? 'pas assez de données' : percent.format(rate) })
      .waitFor();
  });

  it('the device list shows what GET /v1/devices returns, a never-connected tablet as such, and its CSV is the table', async () => {
    // A tablet enrolled and never synchronised: its last_seen is null, shown as "Jamais connecté".
    const pushed = await call(fleet.tenant.connector, 'POST', '/v1/ingest/events', {
      source: 'mdm-web',
      events: [
        {
          type: 'inventory',
          device_id: 'never-1',
          observed_at: new Date().toISOString(),
          serial: 'WEBNEVER01',
          kind: 'tablet',
          last_contact: null,
        },
      ],
    });
    expect(pushed.status).toBe(202);
    await waitFor(
      async () => (await api<{ items: unknown[] }>('/v1/devices?q=WEBNEVER01')).items.length === 1,
      30_000,
      'the tablet stored',
    );
    const page = await newPage();
    await signIn(page, fleet, { role: 'operator', next: '/appareils?type=tablet' });
    await loaded(page);
    const expected = (await api<{ items: { serial: string | null }[] }>('/v1/devices?kind=tablet&limit=50')).items;
    const rows = await tableRows(page, 'Liste des appareils');
    expect(rows.map((r) => r[0])).toEqual(expected.map((d) => d.serial ?? 'sans numéro de série'));
    expect(rows.find((r) => r[0] === 'WEBNEVER01')?.at(-1)).toBe('Jamais connecté');
    const csv = await downloadCsv(page, page.getByRole('button', { name: 'Télécharger « Liste des appareils » (CSV)' }));
    expect(csv.name).toMatch(/^vigie-liste-des-appareils-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.rows.slice(1)).toEqual(rows);
    // The device page: its sources and provenance come from the API too.
    await page.getByRole('link', { name: expected[0]!.serial! }).click();
    await page.locator('main h1', { hasText: `Appareil ${expected[0]!.serial}` }).waitFor();
    await page.getByRole('heading', { name: 'Provenance des informations' }).waitFor();
    await expectAccessible(page, 'a device page');
  });

  it('an establishment head sees only its UAI, in the page and through the API', async () => {
    const [mine] = fleet.plan.establishments;
    const page = await newPage();
    await signIn(page, fleet, { role: 'establishment', uais: [mine!.uai], next: '/appareils' });
    await loaded(page);
    const nav = await page.locator('nav[aria-label] a').allTextContents();
    expect(nav).not.toContain("Vue d'ensemble");
    expect(nav).not.toContain('Sources MDM');
    const places = new Set((await tableRows(page, 'Liste des appareils')).map((r) => r[4]));
    expect([...places]).toEqual([mine!.name]);
    // The API itself answers only that UAI's devices, whatever the page asks.
    const other = fleet.plan.establishments[1]!.uai;
    const asked = await page.request.get(`${fleet.baseUrl}/v1/devices?establishment=${other}`);
    const items = asked.ok() ? ((await asked.json()) as { items: { establishment_uai: string }[] }).items : [];
    expect(items.filter((d) => d.establishment_uai !== mine!.uai)).toEqual([]);
    await page.goto(`${fleet.baseUrl}/sources`);
    await page.getByText('Votre rôle ne donne pas accès à ces données.').waitFor();
  });

  it('an académie partner sees aggregates, never a device list', async () => {
    const page = await newPage();
    await signIn(page, fleet, { role: 'partner' });
    const nav = await page.locator('nav[aria-label] a').allTextContents();
    expect(nav).not.toContain('Appareils');
    expect(nav).toContain('Comparaisons');
    await page.goto(`${fleet.baseUrl}/appareils`);
    await page.getByText('Votre rôle ne donne pas accès à ces données.').waitFor();
    expect((await page.request.get(`${fleet.baseUrl}/v1/devices`)).status()).toBe(403);
  });

  it('a new device reaches the overview live, without reload', async () => {
    const page = await newPage();
    await signIn(page, fleet, { role: 'operator' });
    await page.getByText('En direct', { exact: true }).waitFor();
    const before = (await api<{ total: number }>('/v1/fleet/summary')).total;
    await statValue(page, 'Appareils connus')
      .filter({ hasText: frNumber(before) })
      .waitFor();
    const uai = fleet.plan.establishments[0]!.uai;
    const now = new Date().toISOString();
    const events = [1, 2].map((n) => ({
      type: 'inventory',
      device_id: `live-${n}`,
      observed_at: now,
      kind: 'tablet',
      serial: `LIVE-${n}`,
      establishment_uai: uai,
      status: 'in_service',
    }));
    await call(fleet.tenant.connector, 'POST', '/v1/ingest/events', { source: 'mdm', events });
    await statValue(page, 'Appareils connus')
      .filter({ hasText: frNumber(before + 2) })
      .waitFor({ timeout: 30_000 });
  });

  it("alerts: the open ones are the API's, acknowledging one moves it, and a rule form shows its error beside the field", async () => {
    const page = await newPage();
    await signIn(page, fleet, { role: 'operator', next: '/alertes' });
    await loaded(page);
    const open = (await api<{ items: { id: string; title: string }[] }>('/v1/alerts?state=open&limit=200')).items;
    const rows = await tableRows(page, 'Ouvertes');
    expect(rows.map((r) => r[0]).sort()).toEqual(open.map((a) => a.title).sort());
    await page.getByRole('button', { name: `Prendre en compte : ${open[0]!.title}` }).click();
    await waitFor(async () => (await api<{ state: string }>(`/v1/alerts/${open[0]!.id}`)).state === 'acknowledged', 10_000, 'acknowledged');
    await page.getByRole('button', { name: 'Nouvelle règle' }).click();
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const name = page.getByLabel('Nom', { exact: true }).first();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('Ce champ est obligatoire.').waitFor();
  });

  it('MDM sources: a source created through the form is listed, synced now, and its failed run shown with its error', async () => {
    const page = await newPage();
    await signIn(page, fleet, { role: 'operator', next: '/sources' });
    await loaded(page);
    await page.getByRole('button', { name: 'Nouvelle source' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('glpi-test');
    await page.getByLabel('Système', { exact: true }).selectOption('glpi');
    await page.getByLabel("Adresse de l'API").fill('pas une adresse');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Adresse web attendue (https://…).').waitFor();
    await page.getByLabel("Adresse de l'API").fill('http://127.0.0.1:9/apirest.php');
    await page.getByLabel('Identifiant secret : user_token').fill('x');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByRole('cell', { name: 'glpi-test' }).waitFor();
    await page.getByRole('button', { name: 'Synchroniser maintenant glpi-test' }).click();
    await page.getByRole('cell', { name: 'Échouée' }).first().waitFor({ timeout: 30_000 });
    const sources = (await api<{ items: { id: string; name: string }[] }>('/v1/sources')).items;
    const runs = (await api<{ items: { status: string }[] }>(`/v1/sources/${sources[0]!.id}/runs`)).items;
    expect(runs[0]!.status).toBe('failed');
  });

  it("the bilan d'usage prints on one A4 page, with the school year's use rate the API gives", async () => {
    const { uai } = fleet.plan.establishments[0]!;
    const page = await newPage();
    await signIn(page, fleet, { role: 'establishment', uais: [uai], next: `/etablissement?uai=${uai}&vue=bilan` });
    await loaded(page);
    const today = fleet.dates.at(-1)!;
    const year = (
      await api<{ periods: { activity_rate_use: number | null }[] }>(
        `/v1/establishments/${uai}/activity?from=${today}&to=${today}&granularity=school_year`,
      )
    ).periods[0]!;
    const percent = new Intl.NumberFormat('fr-FR', { style: 'percent', maximumFractionDigits: 0 });
    await statValue(page, "Taux d'usage")
      .filter({ hasText: year.activity_rate_use === null ? '—' : percent.format(year.activity_rate_use) })
      .first()
      .waitFor();
    await page.waitForFunction("[...document.querySelectorAll('.bilan .chart')].every((c) => c.querySelector('svg'))");
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    // Each page of a PDF is one "/Type /Page" object (the page tree is "/Type /Pages").
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? [];
    expect(pages.length).toBe(1);
  });

  it('the settings page lists the obsolescence rules the API applies', async () => {
    const page = await newPage();
    await signIn(page, fleet, { role: 'operator', next: '/reglages' });
    await loaded(page);
    const rules = (await api<{ rules: unknown[] }>('/v1/obsolescence/rules')).rules;
    expect(await page.locator('fieldset.rule-row').count()).toBe(rules.length);
  });

  it('every page passes the axe check (no serious or critical violation)', async () => {
    const page = await newPage();
    await signIn(page, fleet, { role: 'admin' });
    for (const { path, title } of PAGES) {
      await page.goto(`${fleet.baseUrl}${path}`);
      await page.locator('main h1', { hasText: title }).first().waitFor();
      await loaded(page);
      await expectAccessible(page, path);
    }
  });

  it('OpenID Connect: a person the provider vouches for lands where they asked, with the role the claims map to; a refusal opens nothing', async () => {
    const start = `${fleet.baseUrl}/auth/oidc/${fleet.tenant.code}/start?next=${encodeURIComponent('/alertes')}`;
    idp.nextLogin({ sub: 'agent-1', name: 'Agent de la DSI', groups: 'dsi' });
    const page = await newPage();
    await page.goto(start);
    await page.locator('main h1', { hasText: 'Alertes' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/alertes');
    await page.getByText('Agent de la DSI').first().waitFor();
    idp.nextLogin('deny');
    const refused = await newPage();
    await refused.goto(start);
    await refused.getByText('Connexion refusée par le fournisseur d’identité').waitFor();
    expect((await refused.context().cookies()).some((c) => c.name === 'vigie_session')).toBe(false);
  });

  it('an expired session returns to sign-in, then to the same address', async () => {
    const page = await newPage();
    const address = '/appareils?type=laptop';
    await signIn(page, fleet, { role: 'operator', next: address });
    await loaded(page);
    await ageSession(fleet.env.db, await sessionCookie(page.context()), { expired: true });
    await page.reload();
    // The dashboard sends the signed-out visitor to /connexion, remembering the address.
    await page.waitForURL((url) => url.pathname === '/connexion');
    await page.locator('main h1', { hasText: 'Connexion à Vigie' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe(address);
    // Signing in again, with the collectivité's account this time, leads back there.
    idp.nextLogin({ sub: 'agent-2', name: 'Agente de retour', groups: 'dsi' });
    await page.getByLabel('Code de votre collectivité').fill(fleet.tenant.code);
    await page.getByRole('button', { name: 'Se connecter avec le compte de la collectivité' }).click();
    await page.waitForURL((url) => url.pathname + url.search === address);
    await page.locator('main h1', { hasText: 'Appareils' }).waitFor();
  });
});
