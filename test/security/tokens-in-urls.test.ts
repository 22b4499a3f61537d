import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@vigie/config';
import { buildApp } from '../../services/api/src/app.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();
const [tenant] = useTenants(env, 'urls');

describe('tokens and request ids in URLs and headers', () => {
  it.each([`/v1/devices?token=${'vgi_x'}`, '/v1/devices?access_token=abc', '/v1/devices?q=vgi_abcdef'])(
    'refuses a token in the query string (%s)',
    async (url) => {
      const res = await env.app.inject({
        url: url.replace('vgi_x', tenant.operator),
        headers: { authorization: `Bearer ${tenant.operator}` },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('invalid_query');
    },
  );

  it('never writes a query string to the logs', async () => {
    const lines: string[] = [];
    const sink = new PassThrough();
    sink.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const app = await buildApp({
      db: env.db,
      redis: env.redis,
      queues: env.queues,
      config: env.config,
      log: createLogger({ level: 'info', name: 'urls' }, sink),
    });
    try {
      await app.inject({
        url: `/v1/devices?token=${tenant.operator}&q=secret-search`,
        headers: { authorization: `Bearer ${tenant.operator}` },
      });
      await app.inject({ url: '/v1/devices?q=another-search', headers: { authorization: `Bearer ${tenant.operator}` } });
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('/v1/devices?[redacted]');
    expect(log).not.toContain(tenant.operator);
    expect(log).not.toContain('secret-search');
    expect(log).not.toContain('another-search');
  });

  it('echoes a short plain request id, and replaces an overlong or odd one with its own', async () => {
    const get = (id: string) => env.app.inject({ url: '/healthz', headers: { 'x-request-id': id } });
    expect((await get('abc-123')).headers['x-request-id']).toBe('abc-123');
    const long = (await get('x'.repeat(5_000))).headers['x-request-id'] as string;
    expect(long).toMatch(/^[0-9a-f-]{36}$/);
    expect((await get('a b\tc')).headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
