import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database } from './tables.ts';

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

// A calendar date has no time zone: keep 'YYYY-MM-DD' instead of a Date at local midnight.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// Counts and sizes fit in a double; strings would leak into every API answer.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

const pools = new WeakMap<Db, pg.Pool>();

/** A Kysely instance over its own pg pool; destroy() closes the pool. */
export function createDb(options: { url: string; poolMax: number; applicationName?: string }): Db {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolMax,
    application_name: options.applicationName ?? 'vigie',
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client dropped by the server (restart, failover, DROP DATABASE ... FORCE) is discarded
  // by the pool; without a listener its 'error' event would crash the process.
  pool.on('error', () => undefined);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return db;
}

/** Connections of the pool behind `db`: open, idle, and requests waiting for one (for metrics). */
export function poolStats(db: Db): { total: number; idle: number; waiting: number } {
  const pool = pools.get(db);
  return { total: pool?.totalCount ?? 0, idle: pool?.idleCount ?? 0, waiting: pool?.waitingCount ?? 0 };
}

/** Runs `work` in the caller's transaction when `db` is one, else in a new one. */
export async function inTransaction<T>(db: Db | Trx, work: (trx: Trx) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db as Trx) : db.transaction().execute(work);
}

/**
 * Turns JIT compilation off until the transaction ends. Statements over several days of an
 * establishment are costed past jit_above_cost, and compiling them took 8.7 of 10.2 s on a
 * 500-device, 30-day recompute; they run in well under a second interpreted.
 */
export async function withoutJit(trx: Trx) {
  await setLocal(trx, 'jit', 'off');
}

/**
 * Makes a lock wait in this transaction fail with 55P03 after `ms` instead of waiting until the
 * holder commits. On Citus the wait happens on the worker holding the shard, so the setting must
 * reach the workers too (see setLocal).
 */
export async function limitLockWait(trx: Trx, ms: number) {
  if (!Number.isInteger(ms) || ms <= 0) throw new RangeError(`lock wait limit must be a positive integer of ms, got ${ms}`);
  await setLocal(trx, 'lock_timeout', `${ms}ms`);
}

/**
 * SET LOCAL that also holds on Citus workers. Citus runs a statement's shard queries on worker
 * connections, where a coordinator's SET LOCAL does not apply unless citus.propagate_set_commands is
 * 'local' (default 'none'): a lock_timeout set only on the coordinator let a row-lock wait on a
 * worker go on forever (docs/scale-out.md). On plain PostgreSQL the citus.* setting is an inert
 * placeholder.
 */
async function setLocal(trx: Trx, name: 'jit' | 'lock_timeout', value: string) {
  await sql`SET LOCAL citus.propagate_set_commands = 'local'`.execute(trx);
  await sql`SET LOCAL ${sql.raw(name)} = ${sql.lit(value)}`.execute(trx);
}

/** Holds a lock named by `key` until the transaction ends: work on one thing that has no row of its own to lock. */
export async function lockUntilCommit(trx: Trx, key: string) {
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/** lockUntilCommit for several keys in one round trip, taken in the keys' sorted order (callers sort them alike). */
export async function lockAllUntilCommit(trx: Trx, keys: readonly string[]) {
  const sorted = [...keys].sort();
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(${sorted}::text[]) WITH ORDINALITY AS t(k, i) ORDER BY i`.execute(
    trx,
  );
}

// PostgreSQL away or refusing connections, as opposed to refusing what was asked: SQLSTATE classes
// 08 (connection), 53 (insufficient resources), 57P01-57P04 (shutting down, cannot connect now),
// Node's socket errors, and pg giving up on a connection.
const UNREACHABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** Whether an error means PostgreSQL (or another server) could not be reached, so a later try may succeed. */
export function isUnreachable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof code === 'string' ? code : '';
  if (UNREACHABLE_NODE_CODES.has(text) || /^(08|53)/.test(text) || /^57P0[1-4]$/.test(text)) return true;
  if (error instanceof AggregateError && error.errors.some(isUnreachable)) return true;
  return typeof message === 'string' && /timeout exceeded when trying to connect|Connection terminated|Connection is closed/.test(message);
}

/** True when PostgreSQL answers a trivial query. */
export async function ping(db: Db): Promise<boolean> {
  return sql`SELECT 1`.execute(db).then(
    () => true,
    () => false,
  );
}
