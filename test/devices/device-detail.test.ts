import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// GET /v1/devices/{id} reads the device, its source records, its last 30 device-days and its flags
// in one statement (packages/store/src/device-listing.ts, getDetail): the arrays keep their order,
// their timestamps are written as every other timestamp of the API, and empty ones are [].

const env = useTestEnv();
const [t] = useTenants(env, 'device-detail');
let full: string;
let bare: string;

const get = async (id: string) => env.app.inject({ url: `/v1/devices/${id}`, headers: { authorization: `Bearer ${t.operator}` } });

beforeAll(async () => {
  const ids = await sql<{ id: string; serial: string }>`
    INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, provisional, first_seen, last_contact)
    VALUES (${t.tenantId}, ${t.establishmentId}, 'laptop', 'FULL1', 'FULL1', false, '2026-09-01 08:00:00.123456+00', '2026-12-04 15:59:59.999999+00'),
           (${t.tenantId}, ${t.establishmentId}, 'tablet', 'BARE1', 'BARE1', false, '2026-09-01 08:00:00+00', NULL)
    RETURNING id, serial`.execute(env.db);
  full = ids.rows.find((r) => r.serial === 'FULL1')!.id;
  bare = ids.rows.find((r) => r.serial === 'BARE1')!.id;
  const sources = await sql<{ id: string; name: string }>`
    INSERT INTO sources (tenant_id, name, kind) VALUES (${t.tenantId}, 'zeta-mdm', 'push'), (${t.tenantId}, 'alpha-mdm', 'push')
    RETURNING id, name`.execute(env.db);
  const source = (name: string) => sources.rows.find((s) => s.name === name)!.id;
  await sql`
    INSERT INTO device_sources (tenant_id, source_id, external_id, device_id, first_seen, first_contact, last_contact)
    VALUES (${t.tenantId}, ${source('zeta-mdm')}, 'z-1', ${full}, '2026-09-02 07:00:00.5+00', '2026-09-02 07:00:00+00', '2026-12-04 15:59:59.999999+00'),
           (${t.tenantId}, ${source('alpha-mdm')}, 'a-2', ${full}, '2026-09-03 07:00:00+00', NULL, NULL),
           (${t.tenantId}, ${source('alpha-mdm')}, 'a-1', ${full}, '2026-09-01 07:00:00+00', '2026-09-01 07:30:00+00', '2026-10-01 07:30:00+00')`.execute(
    env.db,
  );
  // 40 days, the newest 2026-12-04; four quarter-hours online each.
  await sql`
    INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, heartbeats, usage_seconds)
    SELECT ${t.tenantId}, ${full}, DATE '2026-12-04' - g, ${t.establishmentId}, (repeat('1', 4) || repeat('0', 92))::bit(96), g + 1, 60 * g
    FROM generate_series(0, 39) g`.execute(env.db);
  await sql`
    INSERT INTO device_obsolescence (tenant_id, device_id, reason, applies_from, detail, evaluated_at)
    VALUES (${t.tenantId}, ${full}, 'support_end', '2027-06-30', 'support ends 2027-06-30', now()),
           (${t.tenantId}, ${full}, 'age', '2026-09-01', 'acquired 2021-09-01, 5 years for laptop', now())`.execute(env.db);
});

describe('one device in one statement', () => {
  it('returns its sources by name, its last 30 days newest first and its flags earliest first', async () => {
    const res = await get(full);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: full,
      serial: 'FULL1',
      first_seen: '2026-09-01T08:00:00.123Z',
      last_seen: '2026-12-04T15:59:59.999Z',
    });
    expect(body.sources).toEqual([
      {
        source: 'alpha-mdm',
        kind: 'push',
        external_id: 'a-1',
        first_seen: '2026-09-01T07:00:00.000Z',
        first_contact: '2026-09-01T07:30:00.000Z',
        last_seen: '2026-10-01T07:30:00.000Z',
      },
      {
        source: 'alpha-mdm',
        kind: 'push',
        external_id: 'a-2',
        first_seen: '2026-09-03T07:00:00.000Z',
        first_contact: null,
        last_seen: null,
      },
      {
        source: 'zeta-mdm',
        kind: 'push',
        external_id: 'z-1',
        first_seen: '2026-09-02T07:00:00.500Z',
        first_contact: '2026-09-02T07:00:00.000Z',
        last_seen: '2026-12-04T15:59:59.999Z',
      },
    ]);
    expect(body.days).toHaveLength(30);
    expect(body.days[0]).toMatchObject({ day: '2026-12-04', heartbeats: 1, usage_seconds: 0, online_minutes: 60 });
    expect(body.days[29]).toMatchObject({ day: '2026-11-05', heartbeats: 30, usage_seconds: 29 * 60 });
    expect(body.obsolescence.map((o: { reason: string; applies_from: string }) => [o.reason, o.applies_from])).toEqual([
      ['age', '2026-09-01'],
      ['support_end', '2027-06-30'],
    ]);
  });

  it('a device with nothing attached has empty lists, and an unknown id is 404', async () => {
    const res = await get(bare);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ sources: [], days: [], obsolescence: [], last_seen: null });
    const missing = await get('00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
  });
});
