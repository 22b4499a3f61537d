import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllowList } from './allow-list.ts';
import { createOutbound } from './outbound-client.ts';
import type { Resolve } from './guarded-lookup.ts';

let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end('ok');
const seen: { url: string; authorization: string | undefined; host: string | undefined }[] = [];
const server = createServer((req, res) => {
  seen.push({ url: req.url ?? '', authorization: req.headers.authorization, host: req.headers.host });
  handler(req, res);
});
let port = 0;

// mdm.test is the public name of the test server; hidden.test answers 10.0.0.9 (a private address).
const resolve: Resolve = async (host) => {
  if (host === 'mdm.test' || host === 'other.test') return [{ address: '127.0.0.1', family: 4 }];
  if (host === 'hidden.test') return [{ address: '10.0.0.9', family: 4 }];
  throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};
// Loopback stands in for a public address here: only the test server lives there.
const outbound = createOutbound({ allow: parseAllowList(['127.0.0.1']), resolve });

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});
afterAll(
  () =>
    new Promise<void>((done) => {
      outbound.close();
      server.close(() => done());
    }),
);

const redirectTo =
  (location: string, status = 302) =>
  (_req: IncomingMessage, res: ServerResponse) =>
    res.writeHead(status, { location }).end();

describe('outbound client', () => {
  it('answers a response with status, headers and body, like fetch', async () => {
    handler = (_req, res) => res.writeHead(201, { 'content-type': 'application/json', 'x-a': '1' }).end('{"a":1}');
    const response = await outbound.fetch(`http://mdm.test:${port}/x`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-a')).toBe('1');
    expect(await response.json()).toEqual({ a: 1 });
  });

  it('asks for compressed answers and reads them decompressed, as fetch does', async () => {
    handler = (req, res) =>
      res
        .writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' })
        .end(gzipSync(JSON.stringify({ asked: req.headers['accept-encoding'] })));
    const response = await outbound.fetch(`http://mdm.test:${port}/z`);
    expect(await response.json()).toEqual({ asked: 'gzip, deflate, br' });
    expect(response.headers.get('content-encoding')).toBeNull();
  });

  it('re-checks every redirect hop: a redirect to the metadata service or a private name is refused', async () => {
    handler = redirectTo('http://169.254.169.254/latest/meta-data/');
    await expect(outbound.fetch(`http://mdm.test:${port}/a`, { redirect: 'follow' })).rejects.toMatchObject({
      code: 'internal_address',
      kind: 'link_local',
    });
    handler = redirectTo(`http://hidden.test:${port}/b`);
    await expect(outbound.fetch(`http://mdm.test:${port}/a`, { redirect: 'follow' })).rejects.toMatchObject({
      code: 'internal_address',
      kind: 'private',
    });
  });

  it('answers the redirect itself unless asked to follow it, and drops credentials on another origin', async () => {
    handler = redirectTo(`http://other.test:${port}/next`);
    expect((await outbound.fetch(`http://mdm.test:${port}/a`, { headers: { authorization: 'Bearer s' } })).status).toBe(302);
    seen.length = 0;
    let hops = 0;
    handler = (req, res) => (hops++ === 0 ? redirectTo(`http://other.test:${port}/next`)(req, res) : res.end('done'));
    const followed = await outbound.fetch(`http://mdm.test:${port}/a`, { redirect: 'follow', headers: { authorization: 'Bearer s' } });
    expect(await followed.text()).toBe('done');
    expect(seen.map((s) => [s.url, s.authorization])).toEqual([
      ['/a', 'Bearer s'],
      ['/next', undefined],
    ]);
  });

  it("opens a private name only with a tenant's allow-list, and pools its sockets apart", async () => {
    await expect(outbound.fetch(`http://hidden.test:${port}/`)).rejects.toMatchObject({ code: 'internal_address' });
    // Allowed, it connects to 10.0.0.9, which does not answer here: the refusal is gone, a network error remains.
    const allowed = outbound.fetch(`http://hidden.test:${port}/`, {
      allow: parseAllowList(['hidden.test']),
      signal: AbortSignal.timeout(300),
    });
    await expect(allowed).rejects.not.toMatchObject({ code: 'internal_address' });
  });

  it('rejects with the abort reason on timeout', async () => {
    handler = () => undefined;
    await expect(outbound.fetch(`http://mdm.test:${port}/slow`, { signal: AbortSignal.timeout(50) })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
  });
});
