import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();

describe('OpenAPI document and health', () => {
  it('documents every route with its schemas at /openapi.json, and serves /docs', async () => {
    const res = await env.app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/ingest/events',
        '/v1/ingest/failures',
        '/v1/devices',
        '/v1/devices/{id}',
        '/v1/establishments',
        '/v1/establishments/{uai}/daily',
        '/v1/fleet/summary',
        '/v1/tenants',
        '/v1/tenants/{tenantId}/tokens',
      ]),
    );
    const ingest = doc.paths['/v1/ingest/events'].post;
    expect(Object.keys(ingest.responses)).toEqual(expect.arrayContaining(['202', '207', '400', '413', '429']));
    expect(ingest.requestBody.content['application/json'].schema.properties).toHaveProperty('events');
    expect((await env.app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });

  it('reports liveness and readiness without a token', async () => {
    expect((await env.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await env.app.inject({ url: '/readyz' })).json()).toMatchObject({
      status: 'ready',
      postgres: 'ok',
      redis: 'ok',
      oldest_unstored_batch_seconds: 0,
    });
  });

  it('answers unknown routes with the uniform error shape', async () => {
    const res = await env.app.inject({ url: '/v1/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route GET /v1/nope', field: null } });
  });
});
