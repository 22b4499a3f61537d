import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { heartbeats, ingestBatches } from '@vigie/store';
import { waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';

const env = useTestEnv({ env: { INGEST_MAX_EVENTS: '50', INGEST_MAX_BYTES: '20000' } });
const [tenant] = useTenants(env, 'bad-input');
const base = baseTime(1);

function post(payload: string | Buffer, headers: Record<string, string> = {}, url = '/v1/ingest/events') {
  return env.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { authorization: `Bearer ${tenant.connector}`, 'content-type': 'application/json', ...headers },
  });
}
const json = (events: unknown[], source = 'mdm') => JSON.stringify({ source, events });

describe('bad input on POST /v1/ingest/events', () => {
  it.each([
    ['malformed JSON', '{"source": "x", "events": [', 'malformed_json'],
    ['an envelope without events', '{"source": "x"}', 'invalid_envelope'],
    ['an empty batch', '{"source": "x", "events": []}', 'invalid_envelope'],
    ['a bad source name', '{"source": "a b; DROP TABLE devices", "events": [{}]}', 'invalid_envelope'],
  ])('%s is a 400 with its code', async (_name, body, code) => {
    const res = await post(body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe(code);
  });

  it('gives each rejected item its index, code and field, accepts the valid ones, and accepts items without their personal fields (207)', async () => {
    const events = [
      heartbeat('ok-1', base, 0),
      { ...heartbeat('x', base, 0), battery_pct: 'full' },
      { type: 'reboot', device_id: 'x', observed_at: base.toISOString() },
      { ...heartbeat('x', base, 0), observed_at: '2026-13-45T10:00:00Z' },
      { ...heartbeat('x', base, 0), observed_at: '2026-11-02 10:00' },
      { ...heartbeat('x', base, 0), observed_at: '2019-01-01T00:00:00Z' },
      { ...heartbeat('x', base, 0), battery_pct: 140 },
      { ...heartbeat('x', base, 0), userPrincipalName: 'eleve@college.fr' },
      { ...inventory('x', base), model: 'iPad de marie.dupont@ac-creteil.fr' },
      { ...inventory('x', base), establishment_uai: '0999999A' },
      { ...heartbeat('x', base, 0), device_id: '' },
      'not an object',
      heartbeat('ok-2', base, 1),
    ];
    const res = await post(json(events));
    expect(res.statusCode).toBe(207);
    const body = res.json();
    expect(body).toMatchObject({ accepted: 4, rejected: 9 });
    expect(
      body.results.map((r: { index: number; status: string; code: string; field: string | null }) => [r.index, r.code, r.field, r.status]),
    ).toEqual([
      [1, 'invalid_field', 'battery_pct', 'rejected'],
      [2, 'unknown_type', 'type', 'rejected'],
      [3, 'invalid_date', 'observed_at', 'rejected'],
      [4, 'invalid_date', 'observed_at', 'rejected'],
      [5, 'out_of_range', 'observed_at', 'rejected'],
      [6, 'out_of_range', 'battery_pct', 'rejected'],
      [7, 'personal_data_removed', 'userPrincipalName', 'accepted'],
      [8, 'personal_data_removed', 'model', 'accepted'],
      [9, 'unknown_establishment', 'establishment_uai', 'rejected'],
      [10, 'invalid_field', 'device_id', 'rejected'],
      [11, 'invalid_field', null, 'rejected'],
    ]);
    await env.startWorker();
    await waitFor(
      async () => (await ingestBatches.find(env.db, tenant.tenantId, body.batch_id))?.status === 'stored',
      20_000,
      'batch stored',
    );
    expect(await heartbeats.count(env.db, tenant.tenantId)).toBe(3);
    // The item without its personal field is stored; the personal value is nowhere.
    const stored = await sql<{
      text: string;
    }>`SELECT row_to_json(d)::text AS text FROM devices d WHERE tenant_id = ${tenant.tenantId}`.execute(env.db);
    expect(stored.rows).toHaveLength(3);
    expect(stored.rows.map((r) => r.text).join('\n')).not.toMatch(/eleve|marie|dupont/i);
    // ...and is placed: its establishment came in the same item as the personal field.
    const placed = await sql<{
      uai: string | null;
    }>`SELECT e.uai FROM devices d LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
      WHERE d.tenant_id = ${tenant.tenantId} AND d.serial = 'SN-x'`.execute(env.db);
    expect(placed.rows).toEqual([{ uai: '0770934X' }]);
  });

  it('refuses a batch over the event limit with 413 too_many_events, storing nothing', async () => {
    const res = await post(json(Array.from({ length: 51 }, (_, i) => heartbeat('big', base, i))));
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'too_many_events', field: 'events' });
  });

  it('refuses a body over the byte limit with 413 payload_too_large, also once gzip is inflated', async () => {
    const huge = json([{ ...heartbeat('big', base, 0), state: 'x'.repeat(30_000) }]);
    expect((await post(huge)).json().error.code).toBe('payload_too_large');
    const zipped = gzipSync(huge);
    expect(zipped.length).toBeLessThan(20_000);
    const res = await post(zipped, { 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('payload_too_large');
  });

  it('accepts gzip and NDJSON bodies, and answers 415 to other media types and encodings', async () => {
    const gz = await post(gzipSync(json([heartbeat('gz', base, 3)])), { 'content-encoding': 'gzip' });
    expect(gz.statusCode).toBe(202);
    const nd = await post(
      [heartbeat('nd', base, 4), heartbeat('nd', base, 5)].map((e) => JSON.stringify(e)).join('\n'),
      { 'content-type': 'application/x-ndjson' },
      '/v1/ingest/events?source=ndjson-mdm',
    );
    expect(nd.statusCode).toBe(202);
    expect(nd.json().accepted).toBe(2);
    const ndBad = await post('{"type":"heartbeat"\n', { 'content-type': 'application/x-ndjson' }, '/v1/ingest/events?source=x');
    expect(ndBad.json().error).toMatchObject({ code: 'malformed_json' });
    const xml = await post('<events/>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');
    const br = await post(json([heartbeat('br', base, 3)]), { 'content-encoding': 'br' });
    expect(br.statusCode).toBe(415);
  });

  it('answers 401 without a token or with an unknown one, 403 for a role that may not ingest', async () => {
    const none = await env.app.inject({ method: 'POST', url: '/v1/ingest/events', payload: { source: 'x', events: [{}] } });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('unauthorized');
    expect((await post(json([{}]), { authorization: 'Bearer vgi_nope' })).statusCode).toBe(401);
  });
});

describe('bad input on read routes', () => {
  const get = (url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${tenant.operator}` } });

  it.each([
    ["/v1/devices?q=' OR 1=1 --", 200],
    ['/v1/devices?q=%25%5C_%27%3B%20DROP%20TABLE%20devices%3B', 200],
    ["/v1/devices?establishment=0770934X' OR '1'='1", 400],
    ['/v1/devices?kind=spaceship', 400],
    ['/v1/devices?limit=100000', 400],
    ['/v1/devices?cursor=not-a-cursor', 400],
    ["/v1/devices?last_seen_before=yesterday'", 400],
    ['/v1/devices/1 OR 1=1', 400],
    ['/v1/establishments/0770934X/daily?from=2026-01-10&to=2025-01-01', 400],
  ])('%s answers %i with a typed error', async (url, status) => {
    const res = await get(url);
    expect(res.statusCode).toBe(status);
    if (status === 200) expect(res.json().items).toEqual([]);
    else expect(res.json().error.code).toMatch(/^invalid_(query|field)$/);
  });
});
