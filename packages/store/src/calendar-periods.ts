import { sql } from 'kysely';
import type { Db, Trx } from './db.ts';

export interface CalendarPeriodRow {
  zone: string;
  schoolYear: string;
  start: string;
  end: string;
  description: string;
}

/**
 * Replaces the tenant's holiday periods of each (zone, school year) the import holds, in one
 * transaction; returns how many rows went and the first and last dates touched, old or new.
 */
export async function replaceYears(db: Db, tenantId: string, periods: readonly CalendarPeriodRow[]) {
  const keys = [...new Set(periods.map((p) => `${p.zone}\u0000${p.schoolYear}`))].map((k) => k.split('\u0000') as [string, string]);
  return db.transaction().execute(async (trx) => {
    const removed = await sql<{ start_date: string; end_date: string }>`
      DELETE FROM calendar_periods c USING unnest(${keys.map((k) => k[0])}::text[], ${keys.map((k) => k[1])}::text[]) AS k(zone, school_year)
      WHERE c.tenant_id = ${tenantId} AND c.zone = k.zone AND c.school_year = k.school_year
      -- The dates themselves, not ::text (a STABLE cast Citus refuses in RETURNING): db.ts hands dates over as text.
      RETURNING c.start_date, c.end_date`.execute(trx);
    if (periods.length) {
      await sql`
        INSERT INTO calendar_periods (tenant_id, zone, school_year, start_date, end_date, description)
        SELECT ${tenantId}, * FROM unnest(${periods.map((p) => p.zone)}::text[], ${periods.map((p) => p.schoolYear)}::text[],
          ${periods.map((p) => p.start)}::date[], ${periods.map((p) => p.end)}::date[], ${periods.map((p) => p.description)}::text[])
        ON CONFLICT DO NOTHING`.execute(trx);
    }
    const dates = [...removed.rows.flatMap((r) => [r.start_date, r.end_date]), ...periods.flatMap((p) => [p.start, p.end])].sort();
    return { removed: removed.rows.length, inserted: periods.length, from: dates[0] ?? null, to: dates.at(-1) ?? null };
  });
}

/** The tenant's imported periods (of one zone, if given), by start date. */
export async function list(db: Db | Trx, tenantId: string, zone?: string): Promise<CalendarPeriodRow[]> {
  return db
    .selectFrom('calendar_periods')
    .select(['zone', 'school_year as schoolYear', 'start_date as start', 'end_date as end', 'description'])
    .where('tenant_id', '=', tenantId)
    .$if(Boolean(zone), (q) => q.where('zone', '=', zone!))
    .orderBy('start_date')
    .orderBy('zone')
    .execute();
}
