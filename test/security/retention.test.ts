import { randomBytes, randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { shippedHolidayPeriods } from '@vigie/calendar';
import { partitions, rollupDirty, sources } from '@vigie/store';
import { seedTenant, type SeededTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { maintenance } from '../../services/worker/src/jobs/maintenance.ts';
import { rollupDay } from '../../services/worker/src/rollup/rollup-day.ts';

// Each data class (docs/privacy.md) gets rows on both sides of its default retention, in two
// tenants; one of them shortens some classes with its retention_days setting. The daily
// apply-retention task then runs once, and each table holds exactly the rows that should stay.

const DAY_MS = 86_400_000;
const now = Date.now();
const ago = (days: number) => new Date(now - days * DAY_MS);
const day = (days: number) => ago(days).toISOString().slice(0, 10);

const env = useTestEnv();
let a: SeededTenant;
let b: SeededTenant;

async function device(t: SeededTenant, assignment: string) {
  const id = randomUUID();
  await sql`INSERT INTO devices (tenant_id, id, establishment_id, kind, assignment, first_seen, last_contact)
    VALUES (${t.tenantId}, ${id}, ${t.establishmentId}, 'tablet', ${assignment}, ${ago(500)}, ${ago(1)})`.execute(env.db);
  return id;
}

/** Rows of every class, aged in days; the ages are what the assertions read back. */
async function seed(t: SeededTenant) {
  const db = env.db;
  const tenantId = t.tenantId;
  const source = await sources.ensure(db, tenantId, 'fleet');
  const cart = await device(t, 'cart');
  const pupil = await device(t, 'individual');
  for (const d of [420, 90, 10]) {
    await sql`INSERT INTO heartbeats (tenant_id, device_id, observed_at, source_id) VALUES (${tenantId}, ${cart}, ${ago(d)}, ${source})`.execute(
      db,
    );
    await sql`INSERT INTO app_usage (tenant_id, device_id, started_at, app_id, source_id, duration_s, observed_at)
      VALUES (${tenantId}, ${cart}, ${ago(d)}, 'fr.lalilo', ${source}, 60, ${ago(d)})`.execute(db);
  }
  for (const [id, d] of [
    [cart, 420],
    [cart, 200],
    [cart, 10],
    [pupil, 200],
    [pupil, 10],
  ] as const) {
    await sql`INSERT INTO device_days (tenant_id, device_id, day, establishment_id) VALUES (${tenantId}, ${id}, ${day(d)}::date, ${t.establishmentId})`.execute(
      db,
    );
    await sql`INSERT INTO device_contact_days (tenant_id, device_id, day) VALUES (${tenantId}, ${id}, ${day(d)}::date)`.execute(db);
    await sql`INSERT INTO device_activity (tenant_id, establishment_id, day, device_id, kind, in_service, school_day, online, active, signal, active_seconds, lesson_slots, inferred_seconds)
      VALUES (${tenantId}, ${t.establishmentId}, ${day(d)}::date, ${id}, 'tablet', true, true, true, true, 'measured', 600, 4, 0)`.execute(
      db,
    );
  }
  for (const d of [1900, 1000]) {
    await sql`INSERT INTO tenant_days (tenant_id, day, dimension, value, establishments, in_service, active, active_measured, active_usage, active_presence, outages)
      VALUES (${tenantId}, ${day(d)}::date, 'all', '', 1, 10, 5, 5, 0, 0, 0)`.execute(db);
  }
  const batch = (status: string, d: number) =>
    sql`INSERT INTO ingest_batches (tenant_id, id, source_id, status, event_count, events, accepted_at, stored_at, failed_at)
    VALUES (${tenantId}, ${randomUUID()}, ${source}, ${status}, 1, '[]', ${ago(d)}, ${status === 'stored' ? ago(d) : null}, ${status === 'failed' ? ago(d) : null})`.execute(
      db,
    );
  for (const d of [40, 10]) await batch('failed', d);
  for (const d of [10, 1]) await batch('stored', d);
  await batch('accepted', 40);

  const endpoint = randomUUID();
  await sql`INSERT INTO notification_endpoints (tenant_id, id, kind, name, url) VALUES (${tenantId}, ${endpoint}, 'webhook', 'sirh', 'https://example.org/hook')`.execute(
    db,
  );
  for (const [status, d] of [
    ['delivered', 100],
    ['pending', 100],
    ['failed', 10],
  ] as const) {
    await sql`INSERT INTO notification_deliveries (tenant_id, endpoint_id, idempotency_key, kind, payload, status, created_at)
      VALUES (${tenantId}, ${endpoint}, ${randomUUID()}, 'test', '{}', ${status}, ${ago(d)})`.execute(db);
  }
  for (const [finished, d] of [
    [true, 100],
    [false, 100],
    [true, 10],
  ] as const) {
    const run = randomUUID();
    await sql`INSERT INTO sync_runs (tenant_id, id, source_id, trigger, status, started_at, finished_at)
      VALUES (${tenantId}, ${run}, ${source}, 'schedule', ${finished ? 'succeeded' : 'running'}, ${ago(d)}, ${finished ? ago(d) : null})`.execute(
      db,
    );
    await sql`INSERT INTO sync_run_items (tenant_id, run_id, seq, status, code, message) VALUES (${tenantId}, ${run}, 1, 'rejected', 'invalid_field', 'serial')`.execute(
      db,
    );
  }
  const rule = randomUUID();
  await sql`INSERT INTO alert_rules (tenant_id, id, kind, name) VALUES (${tenantId}, ${rule}, 'device_offline', 'silence')`.execute(db);
  for (const [state, d] of [
    ['resolved', 400],
    ['open', 400],
    ['resolved', 10],
  ] as const) {
    await sql`INSERT INTO alerts (tenant_id, rule_id, rule_kind, severity, subject_type, subject_id, title, state, opened_at, resolved_at)
      VALUES (${tenantId}, ${rule}, 'device_offline', 'warning', 'device', ${randomUUID()}, 'silent', ${state}, ${ago(d)}, ${state === 'resolved' ? ago(d) : null})`.execute(
      db,
    );
  }
  for (const d of [40, -1]) {
    await sql`INSERT INTO people_sessions (tenant_id, secret_hash, role, subject, display_name, method, expires_at)
      VALUES (${tenantId}, ${randomBytes(32)}, 'operator', 'dsi', 'DSI', 'link', ${ago(d)})`.execute(db);
  }
  for (const d of [10, 1]) {
    await sql`INSERT INTO login_links (tenant_id, token_hash, role, display_name, expires_at) VALUES (${tenantId}, ${randomBytes(32)}, 'operator', 'DSI', ${ago(d)})`.execute(
      db,
    );
  }
}

/** Ages in days (rounded) of a tenant's rows in one table, oldest first. */
async function ages(tenantId: string, table: string, column: string, where = sql`true`) {
  const age =
    column === 'day'
      ? sql`${day(0)}::date - day`
      : sql`round(extract(epoch FROM to_timestamp(${now / 1000}) - ${sql.ref(column)}) / 86400)::int`;
  const r = await sql<{
    d: number;
  }>`SELECT ${age} AS d FROM ${sql.table(table)} WHERE tenant_id = ${tenantId} AND ${where} ORDER BY 1 DESC`.execute(env.db);
  return r.rows.map((row) => row.d);
}

const runRetention = () => maintenance(env.db, env.queues, env.config, env.log)({ data: { task: 'apply-retention' } } as Job);

beforeAll(async () => {
  // The template's partitions start OBSERVATION_RETENTION_DAYS ago: rows older need their month.
  await partitions.maintain(env.db, { from: ago(500), now: new Date(now), monthsAhead: 1 });
  a = await seedTenant(env, 'retention-a');
  b = await seedTenant(env, 'retention-b');
  const patched = await env.app.inject({
    method: 'PATCH',
    url: '/v1/settings',
    headers: { authorization: `Bearer ${b.operator}` },
    payload: { retention_days: { check_ins: 60, device_days: 100, failed_batches: 7 } },
  });
  expect(patched.statusCode).toBe(200);
  await seed(a);
  await seed(b);
  await runRetention();
});

describe('each data class is kept as long as its retention, and no longer', () => {
  it('raw check-ins and app sessions older than 400 days go, newer stay', async () => {
    expect(await ages(a.tenantId, 'heartbeats', 'observed_at')).toEqual([90, 10]);
    expect(await ages(a.tenantId, 'app_usage', 'started_at')).toEqual([90, 10]);
  });

  it("a one-to-one device's daily usage and contact days go after 120 days, a cart's after 400", async () => {
    const personal = sql`device_id IN (SELECT id FROM devices WHERE assignment = 'individual')`;
    const cart = sql`device_id IN (SELECT id FROM devices WHERE assignment = 'cart')`;
    expect(await ages(a.tenantId, 'device_days', 'day', cart)).toEqual([200, 10]);
    expect(await ages(a.tenantId, 'device_days', 'day', personal)).toEqual([10]);
    expect(await ages(a.tenantId, 'device_contact_days', 'day', cart)).toEqual([200, 10]);
    expect(await ages(a.tenantId, 'device_contact_days', 'day', personal)).toEqual([10]);
    expect(await ages(a.tenantId, 'device_activity', 'day', cart)).toEqual([200, 10]);
    expect(await ages(a.tenantId, 'device_activity', 'day', personal)).toEqual([10]);
  });

  it('rollups are kept five years', async () => {
    expect(await ages(a.tenantId, 'tenant_days', 'day')).toEqual([1000]);
  });

  it('failed payloads go after 30 days, the outbox after 7, a batch still to store never', async () => {
    expect(await ages(a.tenantId, 'ingest_batches', 'failed_at', sql`status = 'failed'`)).toEqual([10]);
    expect(await ages(a.tenantId, 'ingest_batches', 'stored_at', sql`status = 'stored'`)).toEqual([1]);
    expect(await ages(a.tenantId, 'ingest_batches', 'accepted_at', sql`status = 'accepted'`)).toEqual([40]);
  });

  it('deliveries and finished sync runs go after 90 days; pending deliveries and running syncs stay', async () => {
    expect(await ages(a.tenantId, 'notification_deliveries', 'created_at')).toEqual([100, 10]);
    expect(await ages(a.tenantId, 'notification_deliveries', 'created_at', sql`status = 'pending'`)).toEqual([100]);
    expect(await ages(a.tenantId, 'sync_runs', 'started_at', sql`finished_at IS NOT NULL`)).toEqual([10]);
    expect(await ages(a.tenantId, 'sync_runs', 'started_at', sql`finished_at IS NULL`)).toEqual([100]);
    const items = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sync_run_items WHERE tenant_id = ${a.tenantId}`.execute(env.db);
    expect(items.rows[0]!.n).toBe(2);
  });

  it('resolved alerts go after a year; an open alert stays however old', async () => {
    expect(await ages(a.tenantId, 'alerts', 'opened_at', sql`state = 'resolved'`)).toEqual([10]);
    expect(await ages(a.tenantId, 'alerts', 'opened_at', sql`state = 'open'`)).toEqual([400]);
  });

  it('expired sessions and sign-in links go', async () => {
    expect(await ages(a.tenantId, 'people_sessions', 'expires_at')).toEqual([-1]);
    expect(await ages(a.tenantId, 'login_links', 'expires_at')).toEqual([1]);
  });
});

describe("a tenant's retention_days applies to that tenant only", () => {
  it('the shorter check-ins, device-days and failed batches of tenant B leave tenant A untouched', async () => {
    expect(await ages(b.tenantId, 'heartbeats', 'observed_at')).toEqual([10]);
    expect(await ages(b.tenantId, 'device_days', 'day', sql`device_id IN (SELECT id FROM devices WHERE assignment = 'cart')`)).toEqual([
      10,
    ]);
    expect(await ages(b.tenantId, 'ingest_batches', 'failed_at', sql`status = 'failed'`)).toEqual([]);
    expect(await ages(a.tenantId, 'heartbeats', 'observed_at')).toEqual([90, 10]);
    expect(await ages(b.tenantId, 'tenant_days', 'day')).toEqual([1000]);
  });

  it('GET /v1/settings shows the setting; values outside a class bounds, unknown classes and instance-only classes are a 400 naming the field', async () => {
    const headers = { authorization: `Bearer ${b.operator}` };
    const got = await env.app.inject({ url: '/v1/settings', headers });
    expect(got.json().retention_days).toEqual({ check_ins: 60, device_days: 100, failed_batches: 7 });
    for (const [retention_days, field] of [
      [{ device_days: 5 }, 'retention_days.device_days'],
      [{ personal_device_days: 400 }, 'retention_days.personal_device_days'],
      [{ alerts: 90.5 }, 'retention_days.alerts'],
      [{ outbox: 30 }, 'retention_days.outbox'],
      [{ pupils: 30 }, 'retention_days.pupils'],
    ] as const) {
      const res = await env.app.inject({ method: 'PATCH', url: '/v1/settings', headers, payload: { retention_days } });
      expect(res.statusCode, JSON.stringify(retention_days)).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_field', field });
    }
  });
});

describe('rollups of days past device retention', () => {
  it('a day whose one-to-one device-days are gone keeps its figures when marked again, instead of counting those devices unused', async () => {
    const theDay = day(200);
    const active = async () =>
      (
        await sql<{ active: number }>`SELECT active FROM establishment_days
      WHERE tenant_id = ${a.tenantId} AND establishment_id = ${a.establishmentId} AND day = ${theDay}::date AND dimension = 'all'`.execute(
          env.db,
        )
      ).rows[0]?.active;
    await sql`INSERT INTO establishment_days (tenant_id, establishment_id, day, dimension, value, school_day, half_days, in_service, online, active,
        active_measured, active_usage, active_presence, presence_discounted, reporting, silent, outage)
      VALUES (${a.tenantId}, ${a.establishmentId}, ${theDay}::date, 'all', 'all', true, 2, 2, 2, 2, 2, 0, 0, 0, 2, 0, false)`.execute(
      env.db,
    );
    await rollupDirty.mark(env.db, a.tenantId, [{ establishmentId: a.establishmentId, day: theDay }]);
    expect(await rollupDay(env.db, shippedHolidayPeriods(), a.tenantId, a.establishmentId, theDay)).toEqual({
      status: 'skipped',
      reason: 'past device retention',
    });
    expect(await active()).toBe(2);
    expect(await rollupDirty.find(env.db, a.tenantId, a.establishmentId, theDay)).toBeUndefined();
  });
});
