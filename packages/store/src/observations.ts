import { sql } from 'kysely';
import { instantMs } from '@vigie/contracts';
import type { Trx } from './db.ts';
import * as appUsage from './app-usage.ts';
import * as heartbeats from './heartbeats.ts';

// Which observations of a batch are new decides what they add to device-days, so a replay counts
// nothing twice. Asking PostgreSQL, row by row, whether a row is already stored and which rows went
// in costs as much again as inserting them; nearly every batch is entirely new. So the batch is
// first inserted as if it were, under a savepoint, and only one that holds something already stored
// (the insert fails on a unique key; PostgreSQL logs that error) is inserted again, skipping
// duplicates and returning the new rows.

const UNIQUE_VIOLATION = '23505';

/**
 * A duplicate key, as PostgreSQL reports it, or as a Citus coordinator relays a worker's: an
 * INSERT ... SELECT it routes through itself arrives as an internal error (XX000) carrying the
 * worker's message, so the fallback below would otherwise never run there.
 */
function isDuplicateKey(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === UNIQUE_VIOLATION || (code === 'XX000' && /^duplicate key value violates unique constraint/.test(message ?? ''));
}

/**
 * Inserts a batch's heartbeats and app sessions (duplicates skipped by the keys) and returns the
 * ones that were new, with their instants in ms.
 */
export async function insertNew(
  trx: Trx,
  tenantId: string,
  sourceId: string,
  rows: { heartbeats: readonly heartbeats.HeartbeatRow[]; sessions: readonly appUsage.SessionRow[] },
) {
  if (rows.heartbeats.length + rows.sessions.length === 0) return { heartbeats: [], sessions: [] };
  await sql`SAVEPOINT observations`.execute(trx);
  try {
    await heartbeats.insertAll(trx, tenantId, sourceId, rows.heartbeats);
    await appUsage.insertAll(trx, tenantId, sourceId, rows.sessions);
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await sql`ROLLBACK TO SAVEPOINT observations`.execute(trx);
    return {
      heartbeats: await heartbeats.insertReturningNew(trx, tenantId, sourceId, rows.heartbeats),
      sessions: await appUsage.insertReturningNew(trx, tenantId, sourceId, rows.sessions),
    };
  }
  await sql`RELEASE SAVEPOINT observations`.execute(trx);
  return {
    heartbeats: rows.heartbeats.map((h) => ({ deviceId: h.deviceId, at: instantMs(h.observedAt) })),
    sessions: rows.sessions.map((s) => ({
      deviceId: s.deviceId,
      startedAt: instantMs(s.startedAt),
      durationS: s.durationS,
      appId: s.appId,
      category: s.category,
    })),
  };
}
