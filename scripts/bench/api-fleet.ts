// The fleet bench:api reads: tenants, establishments, carts and devices bulk-loaded in SQL (as
// bench:rollup does), four school weeks of device_days as ingestion leaves them, every
// establishment-day rolled up by the worker's own code (rollup-days: all of an establishment's days in
// one pass, as a recompute's jobs do; held equal to the day-by-day rollup by
// test/rollup/recompute-days.test.ts), the obsolescence flags of the
// worker's own evaluation, and the raw check-ins and app sessions of the last school day (their sums
// per app and the quarter hours they started in are in every day's app_days and device_days).
import { sql } from 'kysely';
import { addDays, localDate, type HolidayPeriod } from '@vigie/calendar';
import { uaiCheckLetter } from '@vigie/contracts';
import { dayFacts, establishmentCalendar, recentSchoolDays } from '@vigie/rollup';
import { rollupDirty, sources, tenants, type Db } from '@vigie/store';
import { evaluateObsolescence } from '../../services/worker/src/obsolescence/evaluate-obsolescence.ts';
import { rollupDays } from '../../services/worker/src/rollup/rollup-days.ts';

export const PER_ESTABLISHMENT = 500;
export const SCHOOL_DAYS = 20;

export interface BenchTenant {
  id: string;
  code: string;
  devices: number;
}

export interface Fleet {
  tenants: BenchTenant[];
  /** The school days loaded, oldest first; the last one also has its raw observations. */
  days: string[];
}

/** The région holds 30 % of the devices; six départements share the rest. */
export function tenantSizes(devices: number): { code: string; kind: string; devices: number }[] {
  const region = Math.round(devices * 0.3);
  const rest = devices - region;
  const departements = Array.from({ length: 6 }, (_, i) => ({
    code: `bench-dep-${i + 1}`,
    kind: 'departement',
    devices: Math.floor(rest / 6) + (i < rest % 6 ? 1 : 0),
  }));
  return [{ code: 'bench-region', kind: 'region', devices: region }, ...departements];
}

/** The last SCHOOL_DAYS school days (zone C, collège rhythm) before today in Paris, oldest first. */
export function schoolDays(holidays: HolidayPeriod[], now: Date): string[] {
  const calendar = establishmentCalendar({ type: 'college', calendar_zone: 'C', rhythm: null, alsace_moselle: false }, holidays);
  return recentSchoolDays(calendar, addDays(localDate(now, 'Europe/Paris'), -1), SCHOOL_DAYS).reverse();
}

export async function buildFleet(
  db: Db,
  holidays: HolidayPeriod[],
  devices: number,
  now: Date,
  log: (line: string) => void,
): Promise<Fleet> {
  const days = schoolDays(holidays, now);
  const out: BenchTenant[] = [];
  let first = 0;
  for (const t of tenantSizes(devices)) {
    const tenant = await tenants.create(db, { code: t.code, name: `Banc ${t.code}`, kind: t.kind });
    await seedDevices(db, tenant.id, first, t.devices);
    first += t.devices;
    out.push({ id: tenant.id, code: t.code, devices: t.devices });
  }
  log(`fleet: ${devices} devices in ${Math.ceil(devices / PER_ESTABLISHMENT)} establishments, ${out.length} tenants`);
  for (const t of out) await seedDeviceDays(db, holidays, t.id, days);
  await sql`ANALYZE`.execute(db);
  log(`device_days: ${days.length} school days, ${days[0]} to ${days.at(-1)}`);
  const t0 = performance.now();
  for (const t of out) await rollUp(db, holidays, t.id, days);
  log(`rollups: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const t of out) await evaluateObsolescence(db, t.id, now);
  for (const t of out) await seedRawDay(db, t.id, days.at(-1)!);
  await sql`ANALYZE`.execute(db);
  log('obsolescence flags and the raw observations of the last school day written');
  return { tenants: out, days };
}

async function seedDevices(db: Db, tenantId: string, first: number, count: number) {
  const establishments = Math.ceil(count / PER_ESTABLISHMENT);
  const firstEstablishment = Math.ceil(first / PER_ESTABLISHMENT);
  const uais = Array.from({ length: establishments }, (_, i) => {
    const digits = String(1_000_000 + firstEstablishment + i).padStart(7, '0');
    return digits + uaiCheckLetter(digits);
  });
  const ids = (
    await sql<{ id: string }>`
    INSERT INTO establishments (tenant_id, uai, name, type, calendar_zone, time_zone)
    SELECT ${tenantId}, u, 'Établissement ' || u, CASE WHEN n % 3 = 0 THEN 'lycee' ELSE 'college' END, 'C', 'Europe/Paris'
    FROM unnest(${uais}::text[]) WITH ORDINALITY AS t(u, n) ORDER BY n RETURNING id`.execute(db)
  ).rows.map((r) => r.id);
  await sql`INSERT INTO carts (tenant_id, establishment_id, name) SELECT ${tenantId}, e, c FROM unnest(${ids}::uuid[]) e, (VALUES ('Chariot A'), ('Chariot B')) v(c)`.execute(
    db,
  );
  // Purchases spread over 2015-2025 so that the default age, OS and battery rules flag a share of
  // the fleet now and each year ahead; 2 % retired, 1 % in repair, 2 % in stock. Every device has
  // been in contact within the last 33 hours: a device never connected is neither idle nor offline.
  const now = new Date();
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, cart_id, kind, serial, serial_key, manufacturer, model, os_name, os_version,
                         assignment, status, acquired_on, warranty_end, battery_health_pct, storage_total_mb, provisional, first_seen, last_contact)
    SELECT ${tenantId}, e.id, CASE WHEN g % 5 = 0 THEN c.id END,
           (ARRAY['tablet', 'tablet', 'chromebook', 'laptop', 'desktop'])[1 + g % 5],
           'SN' || g, 'SN' || g, (ARRAY['Apple', 'Lenovo', 'Acer', 'Dell', 'HP'])[1 + g % 5], 'Modèle ' || (g % 37),
           (ARRAY['iPadOS', 'iPadOS', 'ChromeOS', 'Windows', 'Windows'])[1 + g % 5], (ARRAY['15', '16', '17', '18'])[1 + g % 4],
           CASE WHEN g % 50 = 7 THEN 'stock' WHEN g % 5 = 0 THEN 'cart' WHEN g % 5 = 4 THEN 'shared_room' ELSE 'individual' END,
           CASE WHEN g % 50 = 3 THEN 'retired' WHEN g % 100 = 11 THEN 'in_repair' ELSE 'in_service' END,
           DATE '2015-09-01' + ((g % 11) * 365), DATE '2018-09-01' + ((g % 11) * 365), 55 + (g % 45), 32768 * (1 + g % 4), false,
           TIMESTAMPTZ '2023-09-01', ${now}::timestamptz - ((g % 2000) || ' minutes')::interval
    FROM generate_series(${first}::int, ${first + count - 1}::int) g
    JOIN LATERAL (SELECT (${ids}::uuid[])[1 + (g - ${first}) / ${PER_ESTABLISHMENT}] AS id) e ON true
    LEFT JOIN LATERAL (SELECT id FROM carts WHERE tenant_id = ${tenantId} AND establishment_id = e.id
                       AND name = CASE WHEN g % 2 = 0 THEN 'Chariot A' ELSE 'Chariot B' END) c ON g % 5 = 0`.execute(db);
  const sourceId = await sources.ensure(db, tenantId, 'bench-mdm');
  await sql`INSERT INTO device_sources (tenant_id, source_id, external_id, device_id, first_seen, first_contact, last_contact)
    SELECT tenant_id, ${sourceId}, serial, id, first_seen, first_seen, last_contact FROM devices WHERE tenant_id = ${tenantId}`.execute(db);
}

/**
 * Four school weeks as ingestion folds them: chromebooks measured, most others with app usage, some
 * presence only, carts on charge all night; one device in 17 never reports (the idle ones) and every
 * other misses one school day in ten.
 */
async function seedDeviceDays(db: Db, holidays: HolidayPeriod[], tenantId: string, days: string[]) {
  for (const [k, day] of days.entries()) {
    const masks = ['college', 'lycee'].map(
      (type) =>
        dayFacts(establishmentCalendar({ type, calendar_zone: 'C', rhythm: null, alsace_moselle: false }, holidays), day).lessonMask,
    );
    await sql`
      INSERT INTO device_days (tenant_id, device_id, day, establishment_id, presence, session_starts, heartbeats, usage_seconds,
                               measured_seconds, measured_observed_at)
      SELECT d.tenant_id, d.id, ${day}::date, d.establishment_id, p.presence, st.starts, bit_count(p.presence), u.usage,
             CASE WHEN d.kind = 'chromebook' THEN ((n + ${k}) % 9) * 400 END,
             CASE WHEN d.kind = 'chromebook' THEN ${day}::date + time '23:00' END
      FROM (SELECT *, ('x' || substr(md5(id::text), 1, 7))::bit(28)::int AS n FROM devices WHERE tenant_id = ${tenantId} AND status <> 'retired') d
      JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
      CROSS JOIN LATERAL (SELECT CASE WHEN d.assignment = 'cart' THEN repeat('1', 96)::bit(96)
                                      WHEN e.type = 'college' THEN ${masks[0]}::bit(96) ELSE ${masks[1]}::bit(96) END AS presence) p
      CROSS JOIN LATERAL (SELECT CASE WHEN d.kind <> 'chromebook' AND n % 10 < 6 THEN 300 + ((n + ${k}) % 7) * 600 ELSE 0 END AS usage) u
      -- The sessions seedRawDay writes for such a day: 600 s each, from 08:30, every 20 minutes.
      CROSS JOIN LATERAL (SELECT bit_or(set_bit(repeat('0', 96)::bit(96), (510 + 20 * i) / 15, 1)) AS starts
                          FROM generate_series(0, ceil(u.usage / 600.0)::int - 1) i) st
      WHERE n % 17 <> 0 AND (n + ${k}) % 10 <> 0`.execute(db);
    await sql`
      INSERT INTO app_days (tenant_id, device_id, day, app_id, category, seconds, sessions)
      SELECT dd.tenant_id, dd.device_id, dd.day, (ARRAY['fr.lelivrescolaire', 'org.mozilla.firefox', 'com.google.docs'])[1 + i % 3], 'education',
             600 * count(*), count(*)
      FROM device_days dd, generate_series(0, 20) i
      WHERE dd.tenant_id = ${tenantId} AND dd.day = ${day}::date AND i < ceil(dd.usage_seconds / 600.0)
      GROUP BY 1, 2, 3, 4`.execute(db);
  }
}

async function rollUp(db: Db, holidays: HolidayPeriod[], tenantId: string, days: string[]) {
  const ids = (await sql<{ id: string }>`SELECT id FROM establishments WHERE tenant_id = ${tenantId} ORDER BY uai`.execute(db)).rows.map(
    (r) => r.id,
  );
  await rollupDirty.mark(
    db,
    tenantId,
    ids.flatMap((establishmentId) => days.map((day) => ({ establishmentId, day }))),
  );
  let next = 0;
  // Two at a time: the machine is shared. Day by day, a million devices took over an hour.
  await Promise.all(
    [0, 1].map(async () => {
      while (next < ids.length) await rollupDays(db, holidays, tenantId, ids[next++]!, days);
    }),
  );
}

/** The last school day's check-ins (one per quarter-hour seen) and app sessions (600 s each), in its partitions. */
async function seedRawDay(db: Db, tenantId: string, day: string) {
  const sourceId = await sources.ensure(db, tenantId, 'bench-mdm');
  await sql`
    INSERT INTO heartbeats (tenant_id, device_id, observed_at, source_id, battery_pct, state)
    SELECT dd.tenant_id, dd.device_id, (dd.day + s * interval '15 minutes') AT TIME ZONE 'Europe/Paris', ${sourceId}, 20 + s % 80, 'online'
    FROM device_days dd, generate_series(0, 95) s
    WHERE dd.tenant_id = ${tenantId} AND dd.day = ${day}::date AND substring(dd.presence::text, s + 1, 1) = '1'`.execute(db);
  await sql`
    INSERT INTO app_usage (tenant_id, device_id, started_at, app_id, source_id, app_name, category, duration_s, observed_at)
    SELECT dd.tenant_id, dd.device_id, (dd.day + time '08:30' + i * interval '20 minutes') AT TIME ZONE 'Europe/Paris',
           (ARRAY['fr.lelivrescolaire', 'org.mozilla.firefox', 'com.google.docs'])[1 + i % 3], ${sourceId}, NULL, 'education', 600,
           (dd.day + time '18:00') AT TIME ZONE 'Europe/Paris'
    FROM device_days dd, generate_series(0, 20) i
    WHERE dd.tenant_id = ${tenantId} AND dd.day = ${day}::date AND i < ceil(dd.usage_seconds / 600.0)`.execute(db);
}
