import { sql } from 'kysely';
import { limitLockWait, type Db } from './db.ts';

/** The time-series tables, range-partitioned on their time column. */
export const PARTITIONED_TABLES = ['heartbeats', 'app_usage'] as const;
type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

// Partition DDL from several workers at once would race on CREATE TABLE IF NOT EXISTS.
const PARTITION_LOCK = 0x76696770;
const DAY_MS = 86_400_000;
// A table kept this long or less gets daily partitions: with monthly ones a short retention would
// still hold a month or two on disk (a partition goes only once all of it is past the horizon).
const DAILY_UP_TO_DAYS = 62;
const DAYS_AHEAD = 14;

function monthStart(date: Date, offsetMonths = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offsetMonths, 1));
}
const dayStart = (date: Date, offsetDays = 0) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS + offsetDays * DAY_MS);

/** <table>_pYYYYMM holds a UTC month, <table>_pYYYYMMDD a UTC day. */
function partitionName(table: PartitionedTable, start: Date, unit: 'month' | 'day'): string {
  const iso = start.toISOString().replaceAll('-', '');
  return `${table}_p${unit === 'month' ? iso.slice(0, 6) : iso.slice(0, 8)}`;
}

/** The range a partition name stands for, or null for a name this module did not give. */
export function partitionRange(table: string, name: string): { start: Date; end: Date } | null {
  const m = new RegExp(`^${table}_p(\\d{4})(\\d{2})(\\d{2})?$`).exec(name);
  if (!m) return null;
  const start = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, m[3] ? Number(m[3]) : 1));
  return { start, end: m[3] ? dayStart(start, 1) : monthStart(start, 1) };
}

export interface PartitionPlan {
  /** Oldest instant that must stay writable (the retention horizon), for every table or per table. */
  from: Date | Readonly<Record<PartitionedTable, Date>>;
  /** Months created ahead of `now` (days: two weeks ahead). */
  monthsAhead: number;
  now: Date;
}

/** Ranges to create for one table: its units over [from, until), minus what existing partitions cover. */
function missingRanges(from: Date, until: Date, unit: 'month' | 'day', covered: { start: Date; end: Date }[]) {
  const overlaps = (s: Date, e: Date) => covered.some((c) => c.start < e && s < c.end);
  const out: { start: Date; unit: 'month' | 'day' }[] = [];
  const next = (d: Date) => (unit === 'month' ? monthStart(d, 1) : dayStart(d, 1));
  for (let start = unit === 'month' ? monthStart(from) : dayStart(from); start < until; start = next(start)) {
    const end = next(start);
    if (!overlaps(start, end)) out.push({ start, unit });
    // A month partly covered by daily partitions (a retention raised since) is filled day by day.
    else if (unit === 'month')
      for (let d = start; d < end; d = dayStart(d, 1)) if (!overlaps(d, dayStart(d, 1))) out.push({ start: d, unit: 'day' });
  }
  return out;
}

/**
 * Creates the partitions covering each table's horizon up to ahead of `now` (daily for a short
 * horizon, else monthly; ranges an existing partition covers are skipped, so a change of either
 * leaves the old partitions to age out) and drops those entirely older than the horizon. Returns
 * the names created and dropped.
 */
export async function maintain(db: Db, plan: PartitionPlan): Promise<{ created: string[]; dropped: string[] }> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
    // Attaching or dropping a partition locks the parent: give up rather than stall ingestion.
    await limitLockWait(trx, 5_000);
    const existing = (
      await sql<{ name: string; parent: string }>`
        SELECT c.relname AS name, p.relname AS parent FROM pg_inherits i
        JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
        WHERE p.relname = ANY(${[...PARTITIONED_TABLES]})`.execute(trx)
    ).rows;
    const created: string[] = [];
    const dropped: string[] = [];
    for (const table of PARTITIONED_TABLES) {
      const from = plan.from instanceof Date ? plan.from : plan.from[table];
      const unit = plan.now.getTime() - from.getTime() <= DAILY_UP_TO_DAYS * DAY_MS ? 'day' : 'month';
      const until = unit === 'month' ? monthStart(plan.now, plan.monthsAhead + 1) : dayStart(plan.now, DAYS_AHEAD + 1);
      const mine = existing.filter((p) => p.parent === table).map((p) => ({ name: p.name, range: partitionRange(table, p.name) }));
      const covered = mine.flatMap((p) => (p.range ? [p.range] : []));
      for (const { start, unit: u } of missingRanges(from, until, unit, covered)) {
        const name = partitionName(table, start, u);
        const end = u === 'month' ? monthStart(start, 1) : dayStart(start, 1);
        await sql`CREATE TABLE ${sql.id(name)} PARTITION OF ${sql.id(table)}
          FOR VALUES FROM (${sql.lit(start.toISOString())}) TO (${sql.lit(end.toISOString())})`.execute(trx);
        created.push(name);
      }
      const horizon = unit === 'month' ? monthStart(from) : dayStart(from);
      for (const p of mine) {
        if (p.range && p.range.end <= horizon) {
          await sql`DROP TABLE ${sql.id(p.name)}`.execute(trx);
          dropped.push(p.name);
        }
      }
    }
    return { created, dropped };
  });
}
