import { sql } from 'kysely';
import type { Db } from './db.ts';

/** The last migration applied (file name), or null on a database never migrated. */
export async function migrationLevel(db: Db): Promise<string | null> {
  const exists = await sql<{ t: string | null }>`SELECT to_regclass('public.schema_migrations')::text AS t`.execute(db);
  if (!exists.rows[0]?.t) return null;
  const r = await sql<{ version: string | null }>`SELECT max(version) AS version FROM schema_migrations`.execute(db);
  return r.rows[0]?.version ?? null;
}

/**
 * Exact row count of every table holding rows (partitions counted one by one, their parents not),
 * outside PostgreSQL's own schemas: what a backup manifest records and a restore is checked against.
 */
export async function tableRowCounts(db: Db): Promise<Record<string, number>> {
  const tables = await sql<{ name: string }>`
    SELECT format('%I.%I', n.nspname, c.relname) AS name
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
     ORDER BY 1`.execute(db);
  const counts: Record<string, number> = {};
  // One count per table: a backup is rare, and an estimate (reltuples) could not prove a restore complete.
  for (const { name } of tables.rows) {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.raw(name)}`.execute(db);
    counts[name] = Number(r.rows[0]!.n);
  }
  return counts;
}

/** Whether the database already holds a Vigie schema (a restore goes into an empty database only). */
export async function hasVigieSchema(db: Db): Promise<boolean> {
  return (await migrationLevel(db)) !== null;
}

/** Creates the BI group role the views are granted to, when a restore meets a cluster without it. */
export async function ensureBiGroupRole(db: Db): Promise<void> {
  await sql`DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_bi') THEN CREATE ROLE vigie_bi NOLOGIN; END IF;
  END $$`.execute(db);
}

export async function serverVersion(db: Db): Promise<string> {
  const r = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db);
  return r.rows[0]!.v;
}
