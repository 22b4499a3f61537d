import { sql } from 'kysely';
import type { Db } from '@vigie/store';

// What a tenant holds, table by table, to assert that a request changed nothing of it.

/** Every table with a tenant_id column (partitioned tables once, through their parent). */
export async function tenantTables(db: Db): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
    WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`.execute(db);
  return tables.rows.map((t) => t.name);
}

/**
 * A reader of one tenant's row count per table (`rows: 'count'`) or of a checksum of every row's
 * content per table (`rows: 'content'`), built once as a single statement.
 */
export async function tenantRowsReader(db: Db, tenantId: string, rows: 'count' | 'content') {
  const measure = (t: string) => (rows === 'count' ? 'count(*)::int' : `coalesce(md5(string_agg(${t}::text, '' ORDER BY ${t}::text)), '')`);
  const select = (await tenantTables(db)).map((t) => `(SELECT ${measure(t)} FROM public.${t} WHERE tenant_id = $1) AS ${t}`).join(', ');
  // The tenant id is a uuid PostgreSQL generated, inlined because the statement is built once.
  const statement = `SELECT ${select}`.replaceAll('$1', `'${tenantId}'`);
  return async () => (await sql<Record<string, number | string>>`${sql.raw(statement)}`.execute(db)).rows[0]!;
}
