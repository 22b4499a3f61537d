import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { asPerson, sessionCookieOf } from './session-client.ts';
import { startOpenIdProvider, visitProvider } from './openid-provider.ts';

const env = useTestEnv({ env: { SECRETS_KEY: randomBytes(32).toString('base64') } });
const [tenant] = useTenants(env, 'dep77');
let admin: string;
let idp: Awaited<ReturnType<typeof startOpenIdProvider>>;
let callbackUrl: string;

const RULES = [
  { claim: 'groups', equals: 'dsi-cd77', role: 'operator' },
  { claim: 'groups', equals: 'chefs-etablissement', role: 'establishment', uais_claim: 'FrEduRne' },
  { claim: 'groups', equals: 'academie-creteil', role: 'partner' },
];

const asAdmin = (method: 'GET' | 'PUT', payload?: object, token = admin) =>
  env.app.inject({ method, url: '/v1/auth/oidc', headers: { authorization: `Bearer ${token}` }, ...(payload ? { payload } : {}) });

/** Starts a sign-in at Vigie, goes through the provider, and comes back to Vigie's callback. */
async function signInThroughProvider(next?: string) {
  const start = await env.app.inject({ url: `/auth/oidc/dep77/start${next ? `?next=${encodeURIComponent(next)}` : ''}` });
  expect(start.statusCode).toBe(303);
  const state = [start.headers['set-cookie']]
    .flat()
    .find((c) => c?.startsWith('vigie_oidc_state='))!
    .split(';')[0]!
    .split('=')[1]!;
  const back = await visitProvider(String(start.headers.location), callbackUrl);
  const res = await env.app.inject({ url: back.pathname + back.search, cookies: { vigie_oidc_state: state } });
  return { start, back, state, res, cookie: sessionCookieOf(res)?.value };
}

beforeAll(async () => {
  admin = (await apiTokens.create(env.db, { tenantId: tenant.tenantId, role: 'admin', name: 'admin' })).token;
  callbackUrl = `${env.config.api.publicUrl}/auth/oidc/callback`;
  idp = await startOpenIdProvider({ clientId: 'vigie-dep77', clientSecret: 'very-secret-value', redirectUri: callbackUrl });
  const put = await asAdmin('PUT', {
    issuer: idp.issuer,
    client_id: 'vigie-dep77',
    client_secret: 'very-secret-value',
    scopes: ['openid', 'profile', 'groups', 'etab'],
    rules: RULES,
  });
  expect(put.statusCode, put.body).toBe(200);
});
afterAll(async () => {
  await idp?.close();
});

describe('OpenID Connect settings (admin)', () => {
  it('keeps the client secret sealed and never returns it', async () => {
    const res = await asAdmin('GET');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      issuer: idp.issuer,
      client_id: 'vigie-dep77',
      client_secret_set: true,
      redirect_uri: callbackUrl,
      start_url: `${env.config.api.publicUrl}/auth/oidc/dep77/start`,
    });
    expect(res.body).not.toContain('very-secret-value');
    const stored = await env.db.selectFrom('oidc_providers').select('client_secret_sealed').executeTakeFirstOrThrow();
    expect(stored.client_secret_sealed!.toString('latin1')).not.toContain('very-secret-value');
  });

  it('is for admins only, and refuses plain http off this host, connector rules and unknown UAIs', async () => {
    expect((await asAdmin('GET', undefined, tenant.operator)).statusCode).toBe(403);
    const base = { issuer: idp.issuer, client_id: 'vigie-dep77', rules: RULES };
    const http = await asAdmin('PUT', { ...base, issuer: 'http://idp.example.fr' });
    expect(http.json().error).toMatchObject({ code: 'invalid_field', field: 'issuer' });
    const connector = await asAdmin('PUT', { ...base, rules: [{ claim: 'groups', equals: 'x', role: 'connector' }] });
    expect(connector.statusCode).toBe(400);
    const noOpenid = await asAdmin('PUT', { ...base, scopes: ['profile'] });
    expect(noOpenid.statusCode).toBe(400);
  });
});

describe('sign-in with OpenID Connect (authorization code + PKCE)', () => {
  it('opens a session with the role the mapping gives, and lands on next', async () => {
    idp.nextLogin({ sub: 'u-claire', name: 'Claire Martin', groups: ['dsi-cd77'] });
    const { start, res, cookie } = await signInThroughProvider('/alertes');
    const authorize = new URL(String(start.headers.location));
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('nonce')).toMatch(/^[\w-]{16,}$/);
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe('/alertes');
    const session = (await asPerson(env.app, cookie!).get('/v1/session')).json();
    expect(session).toMatchObject({ role: 'operator', uais: [], displayName: 'Claire Martin', tenant: { code: 'dep77' } });
  });

  it("gives an establishment head the UAIs of the claim that are the tenant's", async () => {
    idp.nextLogin({
      sub: 'u-principal',
      name: 'M. Principal',
      groups: ['chefs-etablissement'],
      FrEduRne: ['0770934X$UAJ$PU$N$T3$CLG$340', '0750001A$UAJ$PU$N$T3$CLG$340'],
    });
    const { res, cookie } = await signInThroughProvider();
    expect(res.statusCode, res.body).toBe(303);
    const person = asPerson(env.app, cookie!);
    expect((await person.get('/v1/session')).json()).toMatchObject({ role: 'establishment', uais: ['0770934X'] });
    expect((await person.get('/v1/establishments')).json().items.map((e: { uai: string }) => e.uai)).toEqual(['0770934X']);
  });

  it('refuses a person whose claims map to nothing: a French page, no session', async () => {
    idp.nextLogin({ sub: 'u-prof', name: 'Un Professeur', groups: ['enseignants'] });
    const { res, cookie } = await signInThroughProvider();
    expect(res.statusCode).toBe(403);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('Aucun accès pour ce compte');
    expect(cookie).toBeUndefined();
    const { count } = await env.db
      .selectFrom('people_sessions')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('subject', 'like', '%u-prof')
      .executeTakeFirstOrThrow();
    expect(Number(count)).toBe(0);
  });

  it('refuses a sign-in denied at the provider', async () => {
    idp.nextLogin('deny');
    const { back, res, cookie } = await signInThroughProvider();
    expect(back.searchParams.get('error')).toBe('access_denied');
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('Connexion refusée par le fournisseur d’identité');
    expect(cookie).toBeUndefined();
  });

  it('refuses a callback whose state is not the one this browser started, and a replayed one', async () => {
    idp.nextLogin({ sub: 'u-claire', name: 'Claire Martin', groups: ['dsi-cd77'] });
    const start = await env.app.inject({ url: '/auth/oidc/dep77/start' });
    const back = await visitProvider(String(start.headers.location), callbackUrl);
    const forged = await env.app.inject({ url: back.pathname + back.search, cookies: { vigie_oidc_state: 'another-browser' } });
    expect(forged.statusCode).toBe(400);
    expect(forged.body).toContain('Connexion refusée');
    expect(sessionCookieOf(forged)).toBeUndefined();
    const noCookie = await env.app.inject({ url: back.pathname + back.search });
    expect(noCookie.statusCode).toBe(400);

    const state = back.searchParams.get('state')!;
    const first = await env.app.inject({ url: back.pathname + back.search, cookies: { vigie_oidc_state: state } });
    expect(first.statusCode).toBe(303);
    const replay = await env.app.inject({ url: back.pathname + back.search, cookies: { vigie_oidc_state: state } });
    expect(replay.statusCode).toBe(400);
    expect(replay.body).toContain('Connexion expirée');
    expect(sessionCookieOf(replay)).toBeUndefined();
  });

  it('says so when the tenant has no OpenID provider', async () => {
    const res = await env.app.inject({ url: '/auth/oidc/nowhere/start' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('Connexion OpenID non configurée');
  });

  it('signs one person out everywhere across OpenID sessions', async () => {
    idp.nextLogin({ sub: 'u-bis', name: 'Bis', groups: ['academie-creteil'] });
    const a = await signInThroughProvider();
    idp.nextLogin({ sub: 'u-bis', name: 'Bis', groups: ['academie-creteil'] });
    const b = await signInThroughProvider();
    const person = asPerson(env.app, b.cookie!);
    const csrf = (await person.get('/v1/session')).json().csrfToken;
    expect((await person.write('POST', '/v1/session/logout-all', undefined, csrf)).json()).toEqual({ revoked: 2 });
    expect((await asPerson(env.app, a.cookie!).get('/v1/session')).statusCode).toBe(401);
  });
});
