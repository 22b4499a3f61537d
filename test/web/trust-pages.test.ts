import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { call } from '@vigie/simulator';
import { apiTokens } from '@vigie/store';
import { browserAvailable, expectAccessible, launchBrowser } from './browser.ts';
import { downloadCsv, tableRows } from './page-data.ts';
import { signIn } from './sign-in.ts';
import { startWebFleet, type WebFleet } from './web-fleet.ts';

// Réglages › Jetons d'API and the Journal in Debian's Chromium against a real Vigie: what an admin
// does on the page is what the API then enforces, and the journal shows it with its actor.

describe.skipIf(!browserAvailable())('Réglages and the Journal in a browser', { timeout: 120_000 }, () => {
  let browser: Browser;
  let fleet: WebFleet;
  const contexts: BrowserContext[] = [];

  async function adminPage(path: string, savedLocale?: 'en'): Promise<Page> {
    // bypassCSP: the dashboard's CSP (script-src 'self') would refuse the axe script the test injects.
    const context = await browser.newContext({
      locale: 'fr-FR',
      timezoneId: 'Europe/Paris',
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
      acceptDownloads: true,
    });
    contexts.push(context);
    if (savedLocale) await context.addInitScript(`localStorage.setItem('vigie.locale', '${savedLocale}')`);
    const page = await context.newPage();
    await signIn(page, fleet, { role: 'admin', next: path });
    await page.waitForFunction("!document.querySelector('main').textContent.includes('Chargement')");
    return page;
  }
  /** The status a token gets from the ingest route (an empty body): 401 means the API refuses the token itself. */
  const ingestStatus = async (token: string) =>
    (await call({ baseUrl: fleet.baseUrl, token }, 'POST', '/v1/ingest/events', {}, [400, 401, 403, 413, 422])).status;

  beforeAll(async () => {
    [browser, fleet] = await Promise.all([
      launchBrowser(),
      startWebFleet({ tenantPrefix: 'webt-', devices: 12, establishments: 1, days: 2 }),
    ]);
  }, 480_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await fleet?.close();
  });

  it('an admin creates a connector token (expiry required), sees its secret once, and revoking it makes the API refuse it', async () => {
    const page = await adminPage('/reglages');
    const form = page.getByRole('form', { name: 'Créer un jeton' });
    await form.getByLabel('Rôle').selectOption('connector');
    await form.getByLabel('Nom').fill('Jamf collèges nord');
    await form.getByLabel('Expire dans (jours)').fill('');
    await form.getByRole('button', { name: 'Créer le jeton' }).click();
    // The API's refusal lands beside the expiry field, and the field says it is the invalid one.
    const expiry = form.getByLabel('Expire dans (jours)');
    await expect.poll(() => expiry.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await expiry.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!;
    expect(await page.locator(`[id="${errorId}"]`).textContent()).toContain('un jeton de connecteur doit expirer');
    expect(await page.getByTestId('token-secret').count()).toBe(0);

    await expiry.fill('30');
    await form.getByRole('button', { name: 'Créer le jeton' }).click();
    const secret = (await page.getByTestId('token-secret').textContent())!.trim();
    expect(secret.length).toBeGreaterThan(20);
    expect(await ingestStatus(secret)).not.toBe(401);
    const listed = await tableRows(page, "Jetons d'API");
    const row = listed.find((r) => r[0] === 'Jamf collèges nord')!;
    expect(row.slice(1, 3)).toEqual(['connecteur', 'tout le territoire']);
    await expectAccessible(page, 'Réglages with a new token');
    // Shown once: after "copied" the secret is nowhere on the page, nor after a reload.
    await page.getByRole('button', { name: "J'ai copié le jeton" }).click();
    expect(await page.content()).not.toContain(secret);
    await page.reload();
    await page.locator('main h1').waitFor();
    await page.getByRole('button', { name: 'Révoquer Jamf collèges nord' }).waitFor();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole('button', { name: 'Révoquer Jamf collèges nord' }).click();
    await page.getByRole('button', { name: 'Confirmer la révocation' }).click();
    await expect.poll(async () => (await tableRows(page, "Jetons d'API")).some((r) => r[0] === 'Jamf collèges nord')).toBe(false);
    expect(await ingestStatus(secret)).toBe(401);
  });

  it("the journal shows an action with its actor, in French, and its CSV holds the page's events", async () => {
    const admin = await apiTokens.create(fleet.env.db, { tenantId: fleet.tenant.tenantId, role: 'admin', name: 'script du rectorat' });
    await call({ baseUrl: fleet.baseUrl, token: admin.token }, 'POST', `/v1/tenants/${fleet.tenant.tenantId}/tokens`, {
      role: 'partner',
      name: 'BI académie',
    });
    const page = await adminPage('/journal');
    const rows = await tableRows(page, 'Événements');
    const created = rows.find((r) => r[2] === "Jeton d'API créé" && r[3] === 'script du rectorat (jeton)');
    expect(created).toBeDefined();
    await expectAccessible(page, 'Journal');

    const csv = await downloadCsv(page, page.getByRole('link', { name: 'Télécharger (CSV)' }), ',');
    const [header, ...events] = csv.rows;
    const column = (name: string) => header!.indexOf(name);
    expect(events.map((e) => [e[column('seq')], e[column('action')], e[column('actor_name')]])).toEqual(
      rows.map((r) => [r[0], expect.any(String), r[3]!.replace(/ \([^)]+\)$/, '')]),
    );
    expect(events.find((e) => e[column('seq')] === created![0])![column('action')]).toBe('token.created');

    // A filter narrows the page to that action.
    await page.getByLabel('Action').selectOption('token.created');
    await page.getByRole('button', { name: 'Filtrer' }).click();
    await expect.poll(async () => (await tableRows(page, 'Événements')).every((r) => r[2] === "Jeton d'API créé")).toBe(true);
  });

  it('the page language (html lang) follows the chosen locale from the first load and on every change', async () => {
    const page = await adminPage('/journal', 'en');
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('en');
    expect(await page.locator('main h1').textContent()).toBe('Journal');
    await page.getByLabel('Language').selectOption('fr');
    await expect.poll(() => page.evaluate<string>('document.documentElement.lang')).toBe('fr');
    await page.getByRole('button', { name: 'Filtrer' }).waitFor();
  });

  it('Réglages shows the indicator settings the API holds, refuses lesson hours ending before they start beside the field, and adds a calendar exception', async () => {
    const page = await adminPage('/reglages');
    const settings = page.getByRole('form', { name: 'Réglages des indicateurs' });
    const morningEnd = settings.getByLabel('Cours du matin : fin');
    expect(await morningEnd.inputValue()).toBe('12:00');
    await morningEnd.fill('07:00');
    await settings.getByRole('button', { name: 'Enregistrer' }).click();
    await expect.poll(() => morningEnd.getAttribute('aria-invalid')).toBe('true');

    const calendar = page.getByRole('form', { name: 'Ajouter une exception' });
    await calendar.getByLabel('Zone').selectOption('C');
    await calendar.getByLabel('Type').selectOption('closure');
    await calendar.getByLabel('Du').fill('2026-12-21');
    await calendar.getByLabel('Au (inclus)').fill('2026-12-22');
    await calendar.getByLabel('Libellé').fill('Fermeture pour travaux');
    await calendar.getByRole('button', { name: "Ajouter l'exception" }).click();
    await page.getByRole('button', { name: 'Supprimer Fermeture pour travaux' }).waitFor();
    const api = await call<{ items: { description: string; zone: string | null }[] }>(
      fleet.tenant.operator,
      'GET',
      '/v1/calendar/exceptions',
    );
    expect(api.body.items).toContainEqual(expect.objectContaining({ description: 'Fermeture pour travaux', zone: 'C' }));
    await expectAccessible(page, 'Réglages');
  });
});
