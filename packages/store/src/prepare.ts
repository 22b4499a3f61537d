import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import * as partitions from './partitions.ts';

const DAY_MS = 86_400_000;

/** Brings a database to the current schema and makes sure the partitions of the retention window exist. */
export async function prepareDatabase(db: Db, databaseUrl: string, retentionDays: number, now = new Date()) {
  const migrations = await migrate(databaseUrl);
  const partitioned = await partitions.maintain(db, { from: new Date(now.getTime() - retentionDays * DAY_MS), now, monthsAhead: 2 });
  return { migrations, partitions: partitioned };
}
