import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@vigie/config';
import { apiTokens } from '@vigie/store';
import { buildApp } from '../../services/api/src/app.ts';
import { createLoginLink } from '../../services/api/src/sign-in/login-link.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ageSession, asPerson, lastSeenOf, sessionCookieOf, useLink } from './session-client.ts';

// No dashboard build: the API answers its own pages (the build case is in dashboard-serving.test.ts).
const env = useTestEnv({ env: { WEB_DIST_DIR: path.join(tmpdir(), 'vigie-no-dashboard-build') } });
const [tenant] = useTenants(env, 'dep77');

const link = (role: string, extra: { uais?: string[]; minutes?: number; name?: string; next?: string } = {}) =>
  createLoginLink(env.db, env.config, { tenantCode: 'dep77', role, ...extra });

async function signIn(role = 'operator', extra: { uais?: string[]; name?: string } = {}) {
  const { cookie } = await useLink(env.app, (await link(role, extra)).url);
  if (!cookie) throw new Error('no session cookie');
  const person = asPerson(env.app, cookie);
  const csrf = (await person.get('/v1/session')).json().csrfToken as string;
  return { cookie, person, csrf };
}

describe('one-time sign-in link', () => {
  it('opens a session with an httpOnly, SameSite=Lax cookie and sends the browser to the dashboard', async () => {
    const { url } = await link('operator');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/auth\/link\?token=vgl_/);
    const { res, cookie } = await useLink(env.app, url);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const header = sessionCookieOf(res)!.header;
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Lax/);
    expect(header).toMatch(/Path=\//);
    // Served on loopback http in tests, where browsers would drop a Secure cookie.
    expect(header).not.toMatch(/Secure/);
    const session = await asPerson(env.app, cookie!).get('/v1/session');
    expect(session.statusCode).toBe(200);
    expect(session.json()).toMatchObject({ tenant: { code: 'dep77', name: 'Tenant dep77' }, role: 'operator', uais: [] });
  });

  it('sets the cookie Secure when the public URL is not loopback http', async () => {
    const config = loadConfig({ ...process.env, ...env.env, API_PUBLIC_URL: 'https://vigie.example.fr' });
    const app = await buildApp({ db: env.db, redis: env.redis, queues: env.queues, config, log: env.log });
    try {
      const { url } = await createLoginLink(env.db, config, { tenantCode: 'dep77', role: 'operator' });
      expect(url.startsWith('https://vigie.example.fr/auth/link?token=')).toBe(true);
      const { res } = await useLink(app, url);
      expect(sessionCookieOf(res)!.header).toMatch(/; Secure/);
    } finally {
      await app.close();
    }
  });

  it('works once: a second use is refused with a French page and no session', async () => {
    const { url } = await link('operator');
    const { pathname, search } = new URL(url);
    expect((await env.app.inject({ method: 'HEAD', url: pathname + search })).statusCode).toBe(200);
    expect((await useLink(env.app, url)).cookie).toBeDefined();
    const again = await useLink(env.app, url);
    expect(again.res.statusCode).toBe(410);
    expect(again.cookie).toBeUndefined();
    expect(again.res.headers['content-type']).toMatch(/text\/html/);
    expect(again.res.body).toContain('Lien de connexion expiré ou déjà utilisé');
  });

  it('expires after its minutes, and keeps no clear token', async () => {
    const { url } = await link('operator', { minutes: 5 });
    const token = new URL(url).searchParams.get('token')!;
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM login_links WHERE token_hash = ${apiTokens.hashToken(token)} AND expires_at BETWEEN now() + interval '4 minutes' AND now() + interval '5 minutes'`.execute(
      env.db,
    );
    expect(rows[0]!.n).toBe(1);
    await sql`UPDATE login_links SET expires_at = now() - interval '1 second' WHERE token_hash = ${apiTokens.hashToken(token)}`.execute(
      env.db,
    );
    const late = await useLink(env.app, url);
    expect(late.res.statusCode).toBe(410);
    expect(late.cookie).toBeUndefined();
    const { rows: clear } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM login_links WHERE position(${token}::bytea in token_hash) > 0`.execute(env.db);
    expect(clear[0]!.n).toBe(0);
  });

  it('lands on a relative next path, never on another site', async () => {
    for (const [next, location] of [
      ['/etablissements/0770934X?mois=2026-11', '/etablissements/0770934X?mois=2026-11'],
      ['//evil.example', '/'],
      ['https://evil.example/', '/'],
      ['/\\evil.example', '/'],
    ] as const) {
      const { url } = await link('operator', { next });
      expect((await useLink(env.app, url)).res.headers.location).toBe(location);
    }
  });

  it('never grants the connector role, and needs known UAIs for an establishment head', async () => {
    await expect(link('connector')).rejects.toThrow(/connector is a program/);
    await expect(link('establishment')).rejects.toThrow(/at least one --uai/);
    await expect(link('establishment', { uais: ['0999999Z'] })).rejects.toThrow(/no establishment 0999999Z/);
    await expect(link('operator', { minutes: 0 })).rejects.toThrow(/--minutes/);
  });

  it('limits sign-in attempts per client address', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 121 }, () => env.app.inject({ url: '/auth/link?token=vgl_guess', remoteAddress: '203.0.113.9' })),
    );
    expect(attempts.filter((r) => r.statusCode === 410)).toHaveLength(120);
    expect(attempts.filter((r) => r.statusCode === 429)).toHaveLength(1);
    expect((await env.app.inject({ url: '/auth/link?token=vgl_guess', remoteAddress: '203.0.113.10' })).statusCode).toBe(410);
  });

  it('a connector token cannot open a session or read it', async () => {
    const res = await env.app.inject({ url: '/v1/session', headers: { authorization: `Bearer ${tenant.connector}` } });
    expect(res.statusCode).toBe(404);
    expect((await env.app.inject({ url: `/auth/link?token=${tenant.connector}` })).statusCode).toBe(410);
  });
});

describe('sessions', () => {
  it('GET /v1/session gives the role, UAIs, CSRF token and both expiries', async () => {
    const { person } = await signIn('establishment', { uais: [tenant.uai], name: 'Mme Principale' });
    const body = (await person.get('/v1/session')).json();
    expect(body).toMatchObject({ role: 'establishment', uais: ['0770934X'], displayName: 'Mme Principale' });
    expect(body.csrfToken).toMatch(/^[\w-]{43}$/);
    const hours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(11.9);
    expect(hours).toBeLessThanOrEqual(12);
    const idle = (Date.parse(body.idleExpiresAt) - Date.now()) / 60_000;
    expect(idle).toBeGreaterThan(29);
    expect(idle).toBeLessThanOrEqual(30);
  });

  it('refuses a write without the CSRF token, accepts it with the token; bearer writes need none', async () => {
    const { person, csrf } = await signIn();
    const college = { uai: '0770940D', name: 'Collège Test', type: 'college', calendar_zone: 'C' };
    const refused = await person.write('POST', '/v1/establishments', college);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toMatchObject({ code: 'forbidden', field: 'x-csrf-token' });
    expect((await person.write('POST', '/v1/establishments', college, 'not-the-token')).statusCode).toBe(403);
    expect((await person.write('POST', '/v1/establishments', college, csrf)).statusCode).toBe(201);
    const bearer = await env.app.inject({
      method: 'POST',
      url: '/v1/establishments',
      headers: { authorization: `Bearer ${tenant.operator}` },
      payload: { ...college, uai: '0770941E' },
    });
    expect(bearer.statusCode).toBe(201);
  });

  it('ends after the idle time without a request, and is pushed back by requests', async () => {
    const { cookie, person } = await signIn();
    await ageSession(env.db, cookie, { idleMinutes: 29 });
    expect((await person.get('/v1/session')).statusCode).toBe(200);
    expect(Date.now() - (await lastSeenOf(env.db, cookie)).getTime()).toBeLessThan(60_000);
    await ageSession(env.db, cookie, { idleMinutes: 31 });
    const expired = await person.get('/v1/session');
    expect(expired.statusCode).toBe(401);
    expect(expired.json().error.message).toMatch(/session expired/);
  });

  it('ends at its absolute expiry even when in use', async () => {
    const { cookie, person } = await signIn();
    expect((await person.get('/v1/fleet/summary')).statusCode).toBe(200);
    await ageSession(env.db, cookie, { expired: true });
    expect((await person.get('/v1/fleet/summary')).statusCode).toBe(401);
  });

  it('sign out ends this session only, and needs the CSRF token', async () => {
    const first = await signIn('operator', { name: 'M. Dupont' });
    const second = await signIn('operator', { name: 'M. Dupont' });
    expect((await first.person.write('POST', '/v1/session/logout')).statusCode).toBe(403);
    const out = await first.person.write('POST', '/v1/session/logout', undefined, first.csrf);
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ revoked: 1 });
    expect(sessionCookieOf(out)!.header).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await first.person.get('/v1/session')).statusCode).toBe(401);
    expect((await second.person.get('/v1/session')).statusCode).toBe(200);
  });

  it("sign out everywhere ends every session of that person, and nobody else's", async () => {
    const phone = await signIn('operator', { name: 'Mme Martin' });
    const laptop = await signIn('operator', { name: 'Mme Martin' });
    const colleague = await signIn('operator', { name: 'M. Bernard' });
    const out = await laptop.person.write('POST', '/v1/session/logout-all', undefined, laptop.csrf);
    expect(out.json()).toEqual({ revoked: 2 });
    expect((await phone.person.get('/v1/session')).statusCode).toBe(401);
    expect((await laptop.person.get('/v1/session')).statusCode).toBe(401);
    expect((await colleague.person.get('/v1/session')).statusCode).toBe(200);
  });

  it('stores only the hash of the session secret', async () => {
    const { cookie } = await signIn();
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM people_sessions WHERE secret_hash = ${apiTokens.hashToken(cookie)}`.execute(env.db);
    expect(rows[0]!.n).toBe(1);
    const { rows: clear } = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM people_sessions WHERE position(${cookie}::bytea in secret_hash) > 0 OR subject LIKE ${`%${cookie}%`}`.execute(
      env.db,
    );
    expect(clear[0]!.n).toBe(0);
  });
});
