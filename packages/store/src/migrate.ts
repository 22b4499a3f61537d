import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { splitStatements } from './sql-statements.ts';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

// Any constant works; it only has to be the same in every process that migrates this database.
const MIGRATION_LOCK = 0x76696769;

export interface MigrationResult {
  applied: string[];
  skipped: number;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** The migration files this version of Vigie ships, in the order they apply. */
export async function migrationFiles(dir = MIGRATIONS_DIR): Promise<string[]> {
  return (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
}

/**
 * Applies the numbered SQL files of migrations/ that this database has not seen, each in its own
 * transaction, one statement per query. A session advisory lock makes two processes starting at once take turns; a file
 * changed after it was applied is refused, since migrations are frozen in time.
 */
export async function migrate(databaseUrl: string, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = await migrationFiles(dir);
  await createDatabaseIfMissing(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'vigie-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map<string, string>(
      (await client.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations')).rows.map((r) => [
        r.version,
        r.checksum,
      ]),
    );
    const applied: string[] = [];
    for (const file of files) {
      const sql = await readFile(path.join(dir, file), 'utf8');
      const checksum = createHash('sha256').update(sql).digest('hex');
      const known = done.get(file);
      if (known !== undefined) {
        if (known !== checksum) throw new MigrationError(`${file} changed after it was applied; add a new migration instead`);
        continue;
      }
      await client.query('BEGIN');
      try {
        // On Citus, DDL on a distributed table runs over its shards in parallel connections, after
        // which the transaction may not create or replace a function ("cannot run function command
        // because there was a parallel operation"): 0073 adds columns, then functions. One connection
        // per node instead; on plain PostgreSQL the citus.* setting is an inert placeholder.
        await client.query(`SET LOCAL citus.multi_shard_modify_mode = 'sequential'`);
        for (const statement of splitStatements(sql)) await client.query(statement);
        await client.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [file, checksum]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new MigrationError(`${file} failed: ${(error as Error).message}`);
      }
      applied.push(file);
    }
    if (applied.length) await distributeOnCitus(client);
    return { applied, skipped: files.length - applied.length };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await client.end();
  }
}

/**
 * On a Citus cluster, distributes the tables a migration just created (migrations/0061); on plain
 * PostgreSQL the function returns at once. Databases migrated before 0061 have no such function.
 */
async function distributeOnCitus(client: pg.Client) {
  const found = await client.query<{ fn: string | null }>(`SELECT to_regproc('vigie_distribute_tables') AS fn`);
  if (found.rows[0]?.fn) await client.query('SELECT vigie_distribute_tables()');
}

/** Creates the database named in the URL when the server does not have it yet (first start). */
async function createDatabaseIfMissing(databaseUrl: string) {
  const probe = new pg.Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== '3D000') throw error;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } catch (error) {
    // Another process created it first (42P04), or at the same instant (23505 on pg_database).
    if (!['42P04', '23505'].includes((error as { code?: string }).code ?? '')) throw error;
  } finally {
    await admin.end();
  }
}
