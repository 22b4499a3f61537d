import { sql } from 'kysely';
import { shippedHolidayPeriods } from '@vigie/calendar';
import {
  carriesUse,
  dayFacts,
  decideActivity,
  establishmentCalendar,
  useSignalsAvailable,
  useWindowStart,
  type ActivityDecision,
} from '@vigie/rollup';
import { establishments, type Db } from '@vigie/store';

interface Input {
  device_id: string;
  kind: string;
  sources: string[];
  day: string;
  measured_seconds: number | null;
  usage_seconds: number | null;
  presence: string | null;
  heartbeats: number | null;
}

/**
 * The pure rule of @vigie/rollup applied to what the database holds for an establishment's devices
 * on a day: what the rollup's SQL must have decided (docs/indicators.md, "Jour actif").
 */
export async function pureDecisions(
  db: Db,
  tenantId: string,
  establishmentId: string,
  day: string,
  windowDays = 28,
): Promise<Map<string, ActivityDecision>> {
  const establishment = (await establishments.findById(db, tenantId, establishmentId))!;
  const facts = dayFacts(establishmentCalendar(establishment, shippedHolidayPeriods()), day);
  const rows = (
    await sql<Input>`
    SELECT d.id AS device_id, d.kind, array(SELECT ds.source_id::text FROM device_sources ds WHERE ds.tenant_id = d.tenant_id AND ds.device_id = d.id) AS sources,
           dd.day::text AS day, dd.measured_seconds, dd.usage_seconds, dd.presence::text AS presence, dd.heartbeats
    FROM devices d LEFT JOIN device_days dd ON dd.tenant_id = d.tenant_id AND dd.device_id = d.id
      AND dd.day BETWEEN ${useWindowStart(day, windowDays)}::date AND ${day}::date
    WHERE d.tenant_id = ${tenantId} AND d.establishment_id = ${establishmentId}`.execute(db)
  ).rows;
  const evidence = rows
    .filter((r) => r.day && carriesUse({ measuredSeconds: r.measured_seconds, usageSeconds: r.usage_seconds ?? 0 }))
    .map((r) => ({ day: r.day, kind: r.kind, sources: r.sources }));
  const out = new Map<string, ActivityDecision>();
  for (const r of rows) {
    if (out.has(r.device_id) && r.day !== day) continue;
    const today = r.day === day ? r : { measured_seconds: null, usage_seconds: 0, presence: null, heartbeats: 0 };
    out.set(
      r.device_id,
      decideActivity(
        {
          measuredSeconds: today.measured_seconds,
          usageSeconds: today.usage_seconds ?? 0,
          presence: today.presence,
          heartbeats: today.heartbeats ?? 0,
        },
        facts.lessonMask,
        { activeSeconds: 300, presenceMinLessonSlots: 2 },
        useSignalsAvailable(r, day, evidence, windowDays),
      ),
    );
  }
  return out;
}
