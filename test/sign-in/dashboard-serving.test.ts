import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@vigie/config';
import { buildApp } from '../../services/api/src/app.ts';
import { createLoginLink } from '../../services/api/src/sign-in/login-link.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { useLink } from './session-client.ts';

let dist: string;
const INDEX =
  '<!doctype html><html lang="fr"><head><script type="module" src="/assets/index-Bx12ab.js"></script></head><body><div id="root"></div></body></html>';
const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

beforeAll(async () => {
  dist = await mkdtemp(path.join(tmpdir(), 'vigie-dist-'));
  await mkdir(path.join(dist, 'assets'));
  await writeFile(path.join(dist, 'index.html'), INDEX);
  await writeFile(path.join(dist, 'assets', 'index-Bx12ab.js'), 'console.log("vigie")');
  await writeFile(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});
afterAll(async () => rm(dist, { recursive: true, force: true }));
const env = useTestEnv({ env: () => ({ WEB_DIST_DIR: dist }) });
useTenants(env, 'dep77');

describe('the dashboard served by the API', () => {
  it('serves index.html at / with no-cache and a same-origin-only Content-Security-Policy', async () => {
    const res = await env.app.inject({ url: '/', headers: html });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    // Nothing may be fetched from another origin: no host, scheme or wildcard besides self.
    expect(csp).not.toMatch(/https?:|\*|unsafe-eval/);
    expect(csp.match(/script-src[^;]*/)![0]).not.toContain('unsafe-inline');
  });

  it('serves hashed assets for a year, immutable, and other files revalidated', async () => {
    const asset = await env.app.inject({ url: '/assets/index-Bx12ab.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const icon = await env.app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it("answers the dashboard's own routes with index.html when a browser navigates to them", async () => {
    for (const url of ['/etablissements/0770934X', '/appareils?q=abc', '/connexion?erreur=lien_expire']) {
      const res = await env.app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toBe(INDEX);
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('keeps API misses, missing assets and non-HTML requests as JSON 404s', async () => {
    for (const url of ['/v1/nothing-here', '/auth/nothing', '/docs/nothing', '/metrics', '/assets/index-OLD.js']) {
      const res = await env.app.inject({ url, headers: html });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    const json = await env.app.inject({ url: '/etablissements/0770934X', headers: { accept: 'application/json' } });
    expect(json.statusCode).toBe(404);
    expect((await env.app.inject({ method: 'POST', url: '/etablissements', headers: html })).statusCode).toBe(404);
    expect((await env.app.inject({ url: '/v1/devices', headers: html })).statusCode).toBe(401);
  });

  it('sends a used sign-in link to the sign-in page of the dashboard', async () => {
    const { url } = await createLoginLink(env.db, env.config, { tenantCode: 'dep77', role: 'operator' });
    expect((await useLink(env.app, url)).res.statusCode).toBe(303);
    const again = await useLink(env.app, url);
    expect(again.res.statusCode).toBe(303);
    expect(again.res.headers.location).toBe('/connexion?erreur=lien_expire');
    expect(again.cookie).toBeUndefined();
  });

  it('says how to build the dashboard when there is no build', async () => {
    const config = loadConfig({ ...process.env, ...env.env, WEB_DIST_DIR: path.join(dist, 'missing') });
    const app = await buildApp({ db: env.db, redis: env.redis, queues: env.queues, config, log: env.log });
    try {
      for (const url of ['/', '/etablissements/0770934X']) {
        const res = await app.inject({ url, headers: html });
        expect(res.statusCode).toBe(503);
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.body).toContain('Le tableau de bord n’est pas construit');
        expect(res.body).toContain('npm run build --workspace services/web');
      }
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});
