import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiTokens, deviceDays, ingestBatches } from '@vigie/store';
import {
  ACTIVE_DAY_SECONDS,
  datesFrom,
  dayClock,
  OUTAGE,
  fleetDays,
  inventoryEvents,
  outageOn,
  planFleet,
  provisionFleet,
  pushBatches,
  sourcedBatches,
  type Delivered,
  type DeviceDayTruth,
  type ProvisionedTenant,
} from '@vigie/simulator';
import { waitFor } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';

// One simulated week (a collège near Paris and one in La Réunion, 80 devices each: carts, rooms, Chromebooks) through the real
// API and worker, compared with the simulator's ground truth.

const env = useTestEnv({ worker: true });
let tenant: ProvisionedTenant;
const plan = planFleet({ seed: 2026, devices: 160, establishments: 2, tenantPrefix: 'simweek-' });
// Monday 9 to Sunday 15 November 2026: Armistice on Wednesday, the network outage on Tuesday.
const dates = datesFrom('2026-11-09', 7);
const truths: DeviceDayTruth[] = [];
const delivered: Delivered[] = [];
let duplicateBatches = 0;

beforeAll(async () => {
  const address = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'simulated week' });
  tenant = [...(await provisionFleet({ baseUrl: address, token: admin.token }, plan, 'simulated week')).values()][0]!;
  for (const d of fleetDays(plan, dates)) {
    truths.push(d.truth);
    delivered.push(...d.delivered);
  }
  // In the order Vigie receives them: late uploads after the days they describe; 5 % of batches twice.
  delivered.sort((a, b) => a.deliverAt - b.deliverAt);
  function* counted(items: Iterable<Delivered>) {
    for (const batch of sourcedBatches(items, { size: 100, seed: plan.seed, duplicateShare: 0.05 })) {
      if (batch.duplicate) duplicateBatches++;
      yield batch;
    }
  }
  const push = (items: Iterable<Delivered>) => pushBatches(() => tenant.connector, counted(items), { concurrency: 4 });
  const inventory = await push(inventoryEvents(plan, Date.parse('2026-11-09T03:00:00Z')));
  const activity = await push(delivered);
  expect(inventory.rejected + activity.rejected).toBe(0);
  await waitFor(async () => !(await ingestBatches.countByStatus(env.db, tenant.tenantId)).accepted, 30_000, 'every batch stored');
});

interface VigieDay {
  heartbeats: number;
  usage_seconds: number;
  measured_seconds: number | null;
  active_seconds: number;
  signal: string;
  slots: number;
}

/** Vigie's device_days keyed by (source, source's device id, day), through device_sources. */
async function vigieDays(): Promise<Map<string, VigieDay>> {
  const rows = await sql<VigieDay & { source: string; external_id: string; day: string }>`
    SELECT s.name AS source, ds.external_id, dd.day::text AS day, dd.heartbeats, dd.usage_seconds, dd.measured_seconds,
           dd.active_seconds, dd.signal, bit_count(dd.presence)::int AS slots
    FROM device_days dd
    JOIN device_sources ds ON ds.tenant_id = dd.tenant_id AND ds.device_id = dd.device_id
    JOIN sources s ON s.tenant_id = ds.tenant_id AND s.id = ds.source_id
    WHERE dd.tenant_id = ${tenant.tenantId}`.execute(env.db);
  return new Map(rows.rows.map((r) => [`${r.source}/${r.external_id}/${r.day}`, r]));
}

describe('a simulated week through the real pipeline', () => {
  it('the week has what the truth must cover: both time zones, late and duplicate delivery, presence without use', () => {
    expect(new Set(plan.establishments.map((e) => e.timeZone))).toEqual(new Set(['Europe/Paris', 'Indian/Reunion']));
    const late = delivered.filter((d) => d.event.type === 'app_usage' && d.deliverAt - Date.parse(d.event.observed_at) > 3_600_000);
    expect(late.length).toBeGreaterThan(0);
    expect(duplicateBatches).toBeGreaterThan(0);
    expect(truths.some((t) => t.expected_signal === 'presence' && !t.active)).toBe(true);
    expect(truths.some((t) => t.expected_signal === 'measured')).toBe(true);
  });

  it('during the network outage the whole establishment is silent at once, and its sessions arrive afterwards', async () => {
    const outage = plan.establishments.find((e) => e.outage)!;
    const day = dates.find((d) => outageOn({ establishment: outage } as never, d))!;
    const clock = dayClock(outage.timeZone, day);
    const window = { from: new Date(clock(OUTAGE.fromMinute)), to: new Date(clock(OUTAGE.toMinute)) };
    const count = async (table: 'heartbeats' | 'app_usage', column: string) =>
      (
        await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM ${sql.table(table)} o JOIN devices d ON d.tenant_id = o.tenant_id AND d.id = o.device_id
      JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
      WHERE o.tenant_id = ${tenant.tenantId} AND e.uai = ${outage.uai} AND o.${sql.ref(column)} >= ${window.from} AND o.${sql.ref(column)} < ${window.to}`.execute(
          env.db,
        )
      ).rows[0]!.n;
    expect(await count('heartbeats', 'observed_at')).toBe(0);
    expect(await count('app_usage', 'started_at')).toBeGreaterThan(0);
  });

  it('measured and usage-derived activity, heartbeats and presence slots match the truth exactly', async () => {
    const vigie = await vigieDays();
    const mismatches: string[] = [];
    let compared = 0;
    for (const t of truths) {
      const v = vigie.get(`${t.source}/${t.device_id}/${t.date}`);
      if (t.expected_signal === 'none') {
        if (v && v.signal !== 'none') mismatches.push(`${t.device_id} ${t.date}: truth has no signal, Vigie ${v.signal}`);
        continue;
      }
      compared++;
      const expected = {
        heartbeats: t.heartbeats,
        usage_seconds: t.expected_usage_seconds,
        measured_seconds: t.expected_measured_seconds,
        active_seconds: t.expected_active_seconds,
        signal: t.expected_signal,
        slots: t.online_slots,
      };
      const got = v
        ? {
            heartbeats: v.heartbeats,
            usage_seconds: v.usage_seconds,
            measured_seconds: v.measured_seconds,
            active_seconds: v.active_seconds,
            signal: v.signal,
            slots: v.slots,
          }
        : null;
      if (JSON.stringify(got) !== JSON.stringify(expected))
        mismatches.push(`${t.device_id} ${t.date}: expected ${JSON.stringify(expected)}, Vigie ${JSON.stringify(got)}`);
    }
    expect(compared).toBeGreaterThan(200);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });

  it('reports the residual of presence-inferred activity (printed, not asserted)', async () => {
    const presence = truths.filter((t) => t.expected_signal === 'presence');
    const used = presence.filter((t) => t.active);
    const onlyCharging = presence.filter((t) => !t.active && t.used_seconds === 0);
    const line = [
      `presence-only device-days: ${presence.length}`,
      `really active (>= ${ACTIVE_DAY_SECONDS} s, e.g. room PCs; Vigie counts 0 s): ${used.length}, ${used.reduce((s, t) => s + t.used_seconds, 0)} s of use unseen`,
      `present but unused (iPads charging in carts, idle PCs): ${onlyCharging.length}`,
    ].join('\n  ');
    process.stdout.write(`simulated week residual:\n  ${line}\n`);
    for (const e of plan.establishments) {
      const establishmentId = (
        await sql<{ id: string }>`SELECT id FROM establishments WHERE tenant_id = ${tenant.tenantId} AND uai = ${e.uai}`.execute(env.db)
      ).rows[0]!.id;
      const daily = await deviceDays.establishmentDaily(
        env.db,
        tenant.tenantId,
        establishmentId,
        { from: dates[0]!, to: dates.at(-1)! },
        ACTIVE_DAY_SECONDS,
      );
      for (const day of daily) {
        const truth = truths.filter((t) => t.uai === e.uai && t.date === day.day);
        // Online devices per day are exact: presence is what Vigie can see.
        expect(day.online_devices).toBe(truth.filter((t) => t.online).length);
        process.stdout.write(
          `  ${e.uai} ${day.day}: active Vigie ${day.active_devices} / truth ${truth.filter((t) => t.active).length} (of ${truth.filter((t) => t.in_service).length} in service)\n`,
        );
      }
    }
    expect(presence.length).toBeGreaterThan(0);
  });
});
