import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutbound, parseAllowList } from '@vigie/outbound';
import { bearerToken } from './bearer-token.ts';
import { ConnectorError } from './errors.ts';
import { createHttpClient } from './http-client.ts';
import { backoffDelay, parseRetryAfter } from './retry-delay.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end('{}');
let base = '';
const server = createServer((req, res) => handler(req, res));
// The test server is on loopback, which only an allow-list opens.
const outbound = createOutbound({ allow: parseAllowList(['127.0.0.1']) });

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      outbound.close();
      server.close(() => resolve());
    }),
);

function client(overrides: Partial<Parameters<typeof createHttpClient>[0]> = {}) {
  const delays: number[] = [];
  const http = createHttpClient({
    fetch: outbound.fetch,
    timeoutMs: 200,
    maxAttempts: 4,
    baseDelayMs: 10,
    maxDelayMs: 100,
    random: () => 0.5,
    sleep: async (ms) => {
      delays.push(ms);
    },
    ...overrides,
  });
  return { http, delays };
}

function sequence(...steps: Handler[]): { calls: () => number } {
  let n = 0;
  handler = (req, res) => steps[Math.min(n++, steps.length - 1)]!(req, res);
  return { calls: () => n };
}
const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };

describe('http client', () => {
  it('honours a fractional Retry-After on 429', async () => {
    const { http, delays } = client();
    sequence(json(429, { error: {} }, { 'retry-after': '2.128' }), json(200, { ok: 1 }));
    expect(await http.json({ url: `${base}/x` })).toEqual({ ok: 1 });
    expect(delays).toEqual([2128]);
  });

  it('backs off exponentially on a 5xx burst, then succeeds', async () => {
    const { http, delays } = client();
    const seq = sequence(json(503, {}), json(502, {}), json(500, {}), json(200, { ok: 2 }));
    expect(await http.json({ url: `${base}/x` })).toEqual({ ok: 2 });
    expect(seq.calls()).toBe(4);
    expect(delays).toEqual([8, 15, 30]);
  });

  it('retries a request that times out', async () => {
    const { http } = client();
    sequence((_req, res) => setTimeout(() => res.end('{}'), 500), json(200, { ok: 3 }));
    expect(await http.json({ url: `${base}/slow` })).toEqual({ ok: 3 });
  });

  it('gives up after the bounded number of attempts', async () => {
    const { http } = client({ maxAttempts: 3 });
    const seq = sequence(json(500, {}));
    await expect(http.json({ url: `${base}/x` })).rejects.toMatchObject({ code: 'http_error', permanent: false });
    expect(seq.calls()).toBe(3);
  });

  it('renews an expired token once, and stops at once when credentials are refused', async () => {
    const { http } = client();
    let issued = 0;
    const auth = bearerToken(async () => ({ token: `t${++issued}`, expiresIn: 3600 }));
    handler = (req, res) => json(req.headers.authorization === 'Bearer t1' ? 401 : 200, { ok: req.headers.authorization })(req, res);
    expect(await http.json({ url: `${base}/x` }, auth)).toEqual({ ok: 'Bearer t2' });

    const seq = sequence(json(401, {}));
    const error = await http.json({ url: `${base}/x` }, auth).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ code: 'auth_failed', permanent: true });
    expect(seq.calls()).toBe(2);
  });

  it('treats a Google 403 rate-limit answer as transient when told so', async () => {
    const { http, delays } = client();
    sequence(json(403, { error: { errors: [{ reason: 'userRateLimitExceeded' }] } }), json(200, { ok: 4 }));
    const retryable = (status: number, body: string) => status === 403 && body.includes('RateLimitExceeded');
    expect(await http.json({ url: `${base}/x`, retryable })).toEqual({ ok: 4 });
    expect(delays).toHaveLength(1);
  });

  it('parses Retry-After dates and jitters the backoff within bounds', () => {
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('2015-10-21T07:28:00Z'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(backoffDelay(3, 100, 10_000, () => 0)).toBe(200);
    expect(backoffDelay(3, 100, 10_000, () => 1)).toBe(400);
    expect(backoffDelay(20, 100, 1_000, () => 1)).toBe(1_000);
  });
});

describe('errors a sync records', () => {
  it('mask e-mail addresses an MDM echoes back', async () => {
    const { http } = client();
    sequence(json(404, { error: 'no device for m.lambert@clg-jferry.fr' }));
    const error = (await http.json({ url: `${base}/x` }).catch((e: unknown) => e)) as ConnectorError;
    expect(error.code).toBe('http_error');
    expect(error.message).toContain('[e-mail]');
    expect(error.message).not.toContain('lambert');
  });
});
