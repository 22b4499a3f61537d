import { sql } from 'kysely';
import * as biRoles from './bi-roles.ts';
import type { Db, Trx } from './db.ts';

// Every row of one tenant, for offboarding (tenant-export, tenant-purge). The tables come from the
// catalog, so a table added later with a tenant_id column is covered without a change here; the few
// that reach a tenant otherwise are listed, and the rest must be declared tenant-free
// (test/security/tenant-offboarding.test.ts fails on a table that is neither).

/** Tables holding a tenant's rows under another column than tenant_id. */
export const REACHED_INDIRECTLY: Readonly<Record<string, string>> = { 'public.tenants': 'id' };
/** Tables that hold no tenant's data. */
export const TENANT_FREE: readonly string[] = ['public.schema_migrations'];

export interface TenantTable {
  /** schema.table, partitioned tables by their parent. */
  name: string;
  /** The column holding the tenant's id. */
  column: string;
}

interface CatalogTable {
  name: string;
  has_tenant_id: boolean;
}

async function catalogTables(db: Db | Trx): Promise<CatalogTable[]> {
  const r = await sql<CatalogTable>`
    SELECT format('%I.%I', n.nspname, c.relname) AS name,
           EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped) AS has_tenant_id
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
       AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'
     ORDER BY 1`.execute(db);
  return r.rows;
}

/** Tables that neither hold a tenant_id column nor are declared (indirect or tenant-free): offboarding would miss them. */
export async function undeclared(db: Db): Promise<string[]> {
  return (await catalogTables(db))
    .filter((t) => !t.has_tenant_id && !(t.name in REACHED_INDIRECTLY) && !TENANT_FREE.includes(t.name))
    .map((t) => t.name);
}

/**
 * Every table holding a tenant's rows, referencing tables before those they reference, so deleting
 * in this order never trips a foreign key (tenants, referenced by most, comes last).
 */
export async function tables(db: Db | Trx): Promise<TenantTable[]> {
  const found = (await catalogTables(db))
    .filter((t) => t.has_tenant_id || t.name in REACHED_INDIRECTLY)
    .map((t) => ({ name: t.name, column: REACHED_INDIRECTLY[t.name] ?? 'tenant_id' }));
  const refs = await sql<{ child: string; parent: string }>`
    SELECT format('%I.%I', cn.nspname, c.relname) AS child, format('%I.%I', pn.nspname, p.relname) AS parent
      FROM pg_constraint k
      JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = c.relnamespace
      JOIN pg_class p ON p.oid = k.confrelid JOIN pg_namespace pn ON pn.oid = p.relnamespace
     WHERE k.contype = 'f' AND k.conrelid <> k.confrelid AND NOT c.relispartition`.execute(db);
  const ordered: TenantTable[] = [];
  const placed = new Set<string>();
  const visit = (t: TenantTable, path: Set<string>) => {
    if (placed.has(t.name) || path.has(t.name)) return;
    path.add(t.name);
    for (const r of refs.rows.filter((ref) => ref.parent === t.name)) {
      const child = found.find((f) => f.name === r.child);
      if (child) visit(child, path);
    }
    placed.add(t.name);
    ordered.push(t);
  };
  for (const t of found) visit(t, new Set());
  return ordered;
}

/** The tenant's rows in one table. */
export async function count(db: Db | Trx, table: TenantTable, tenantId: string): Promise<number> {
  const r = await sql<{
    n: number;
  }>`SELECT count(*)::int AS n FROM ${sql.raw(table.name)} WHERE ${sql.ref(table.column)} = ${tenantId}`.execute(db);
  return r.rows[0]!.n;
}

/**
 * Hands the tenant's rows of one table to `onPage`, `pageSize` at a time, each row as one line of
 * JSON (row_to_json: the columns by name, the values as PostgreSQL writes them). A cursor in one
 * transaction reads a consistent table however large, without holding it in memory.
 */
export async function exportRows(
  db: Db,
  table: TenantTable,
  tenantId: string,
  onPage: (lines: string[]) => Promise<void>,
  pageSize = 5_000,
) {
  await db.transaction().execute(async (trx) => {
    await sql`DECLARE tenant_rows NO SCROLL CURSOR FOR
      SELECT row_to_json(t)::text AS line FROM ${sql.raw(table.name)} t WHERE ${sql.ref(`t.${table.column}`)} = ${tenantId}`.execute(trx);
    for (;;) {
      const page = await sql<{ line: string }>`FETCH ${sql.raw(String(pageSize))} FROM tenant_rows`.execute(trx);
      if (page.rows.length > 0) await onPage(page.rows.map((r) => r.line));
      if (page.rows.length < pageSize) break;
    }
  });
}

/**
 * Drops the tenant's BI logins the way `bi-user-revoke` does (they stop logging in, their open
 * sessions are ended, the roles go), then deletes every row of the tenant from every table in one
 * transaction: an interrupted purge leaves the tenant's rows whole (its BI logins, once dropped, are
 * made again with bi-user). Returns the rows deleted per table and the roles dropped.
 */
export async function purge(db: Db, tenantId: string) {
  const roles = (
    await sql<{ role_name: string }>`SELECT role_name FROM bi.tenant_roles WHERE tenant_id = ${tenantId}`.execute(db)
  ).rows.map((r) => r.role_name);
  for (const role of roles) await biRoles.drop(db, tenantId, role);
  return db.transaction().execute(async (trx) => {
    const deleted: Record<string, number> = {};
    // The tenant's journal goes with it: the one other deletion the append-only trigger lets
    // through (migrations/0052), for this transaction only. The purge itself is journaled on the
    // platform chain by the caller, which outlives the tenant.
    await sql`SELECT set_config('vigie.audit_purge', 'on', true)`.execute(trx);
    for (const table of await tables(trx)) {
      const r = await sql`DELETE FROM ${sql.raw(table.name)} WHERE ${sql.ref(table.column)} = ${tenantId}`.execute(trx);
      deleted[table.name] = Number(r.numAffectedRows ?? 0);
    }
    return { deleted, roles };
  });
}
