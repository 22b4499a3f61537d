import { isUnreachable, type Db } from './db.ts';
import { migrate } from './migrate.ts';
import * as partitions from './partitions.ts';

const DAY_MS = 86_400_000;

/** Days raw observations are kept: check-ins, app sessions (a number: both). */
export type RawRetention = { checkInDays: number; appSessionDays: number } | number;

/** Brings a database to the current schema and makes sure the partitions of the retention window exist. */
export async function prepareDatabase(db: Db, databaseUrl: string, retention: RawRetention, now = new Date()) {
  const migrations = await migrate(databaseUrl);
  const days = typeof retention === 'number' ? { checkInDays: retention, appSessionDays: retention } : retention;
  const ago = (n: number) => new Date(now.getTime() - n * DAY_MS);
  const partitioned = await partitions.maintain(db, {
    from: { heartbeats: ago(days.checkInDays), app_usage: ago(days.appSessionDays) },
    now,
    monthsAhead: 2,
  });
  return { migrations, partitions: partitioned };
}

/**
 * prepareDatabase, tried again while PostgreSQL cannot be reached (backoff from 0.5 s to 10 s): a
 * process started before its database, or during a failover, waits instead of exiting. Any other
 * failure (a bad migration, a missing database) is thrown at once.
 */
export async function prepareWhenReachable(
  db: Db,
  databaseUrl: string,
  retention: RawRetention,
  onWait: (error: unknown, attempt: number, delayMs: number) => void,
) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await prepareDatabase(db, databaseUrl, retention);
    } catch (error) {
      if (!isUnreachable(error)) throw error;
      const delayMs = Math.min(10_000, 500 * 2 ** Math.min(attempt - 1, 5));
      onWait(error, attempt, delayMs);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
