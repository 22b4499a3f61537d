import { sql } from 'kysely';
import type { Db } from './db.ts';

/** The monthly-partitioned time-series tables. */
export const PARTITIONED_TABLES = ['heartbeats', 'app_usage'] as const;
type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

// Partition DDL from several workers at once would race on CREATE TABLE IF NOT EXISTS.
const PARTITION_LOCK = 0x76696770;

function monthStart(date: Date, offsetMonths = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offsetMonths, 1));
}

function partitionName(table: PartitionedTable, start: Date): string {
  return `${table}_p${start.toISOString().slice(0, 7).replace('-', '')}`;
}

export interface PartitionPlan {
  /** Oldest instant that must stay writable (the retention horizon). */
  from: Date;
  /** Months created ahead of `now`. */
  monthsAhead: number;
  now: Date;
}

/**
 * Creates the monthly partitions covering [from, now + monthsAhead] and drops those entirely older
 * than `from`. Returns the names created and dropped.
 */
export async function maintain(db: Db, plan: PartitionPlan): Promise<{ created: string[]; dropped: string[] }> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK})`.execute(trx);
    // Attaching or dropping a partition locks the parent: give up rather than stall ingestion.
    await sql`SET LOCAL lock_timeout = '5s'`.execute(trx);
    const existing = new Set(
      (
        await sql<{ name: string }>`
          SELECT c.relname AS name FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
          WHERE p.relname = ANY(${[...PARTITIONED_TABLES]})`.execute(trx)
      ).rows.map((r) => r.name),
    );
    const created: string[] = [];
    const dropped: string[] = [];
    const first = monthStart(plan.from);
    const last = monthStart(plan.now, plan.monthsAhead);
    for (const table of PARTITIONED_TABLES) {
      for (let start = first; start <= last; start = monthStart(start, 1)) {
        const name = partitionName(table, start);
        if (existing.has(name)) continue;
        const end = monthStart(start, 1);
        await sql`CREATE TABLE ${sql.id(name)} PARTITION OF ${sql.id(table)}
          FOR VALUES FROM (${sql.lit(start.toISOString())}) TO (${sql.lit(end.toISOString())})`.execute(trx);
        created.push(name);
      }
      for (const name of existing) {
        const match = new RegExp(`^${table}_p(\\d{4})(\\d{2})$`).exec(name);
        if (!match) continue;
        const end = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
        if (end <= first) {
          await sql`DROP TABLE ${sql.id(name)}`.execute(trx);
          dropped.push(name);
        }
      }
    }
    return { created, dropped };
  });
}
