import { sql } from 'kysely';
import type { Trx } from './db.ts';
import * as appUsage from './app-usage.ts';
import * as heartbeats from './heartbeats.ts';

// Which observations of a batch are new decides what they add to device-days, so a replay counts
// nothing twice. Asking PostgreSQL to return the new rows costs as much again as inserting them;
// nearly every batch is entirely new, so the count of inserted rows is asked first, and only a batch
// holding something already stored is inserted again, inside the same transaction, returning the
// new rows one by one.

/**
 * Inserts a batch's heartbeats and app sessions (duplicates skipped by the keys) and returns the
 * ones that were new, with their instants in ms.
 */
export async function insertNew(
  trx: Trx, tenantId: string, sourceId: string,
  rows: { heartbeats: readonly heartbeats.HeartbeatRow[]; sessions: readonly appUsage.SessionRow[] },
) {
  if (rows.heartbeats.length + rows.sessions.length === 0) return { heartbeats: [], sessions: [] };
  await sql`SAVEPOINT observations`.execute(trx);
  const heartbeatsNew = await heartbeats.insert(trx, tenantId, sourceId, rows.heartbeats);
  const sessionsNew = await appUsage.insert(trx, tenantId, sourceId, rows.sessions);
  if (heartbeatsNew === rows.heartbeats.length && sessionsNew === rows.sessions.length) {
    await sql`RELEASE SAVEPOINT observations`.execute(trx);
    return {
      heartbeats: rows.heartbeats.map((h) => ({ deviceId: h.deviceId, at: Date.parse(h.observedAt) })),
      sessions: rows.sessions.map((s) => ({ deviceId: s.deviceId, startedAt: Date.parse(s.startedAt), durationS: s.durationS })),
    };
  }
  await sql`ROLLBACK TO SAVEPOINT observations`.execute(trx);
  return {
    heartbeats: await heartbeats.insertReturningNew(trx, tenantId, sourceId, rows.heartbeats),
    sessions: await appUsage.insertReturningNew(trx, tenantId, sourceId, rows.sessions),
  };
}
