import { sql } from 'kysely';
import type { Db } from './db.ts';

export type Exclusive<T> = { ran: true; value: T } | { ran: false };

/**
 * Runs `fn` unless another sync of the source holds the lock, across every worker: a session
 * advisory lock rather than a transaction one, because a sync commits many transactions; it is held
 * on a dedicated connection for the whole sync and released by PostgreSQL if the worker dies.
 */
export async function runExclusive<T>(db: Db, sourceId: string, fn: () => Promise<T>): Promise<Exclusive<T>> {
  return db.connection().execute(async (conn) => {
    const lockKey = `source-sync:${sourceId}`;
    const { rows } = await sql<{ ok: boolean }>`SELECT pg_try_advisory_lock(hashtextextended(${lockKey}, 0)) AS ok`.execute(conn);
    if (!rows[0]?.ok) return { ran: false };
    try {
      return { ran: true, value: await fn() };
    } finally {
      await sql`SELECT pg_advisory_unlock(hashtextextended(${lockKey}, 0))`.execute(conn);
    }
  });
}
