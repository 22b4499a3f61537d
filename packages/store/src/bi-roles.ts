import { sql } from 'kysely';
import type { Db } from './db.ts';

export class BiRoleError extends Error {
  override name = 'BiRoleError';
}

/**
 * Creates a read-only login for BI tools bound to one tenant: member of vigie_bi (SELECT on the bi
 * views, rows of its tenant only through row-level security), read-only by default.
 */
export async function create(db: Db, tenantId: string, roleName: string, password: string) {
  if (!/^[a-z][a-z0-9_]{2,62}$/.test(roleName)) throw new BiRoleError('role name: lower-case letters, digits and _, 3 to 63 characters');
  const group = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'vigie_bi'`.execute(db);
  if (!group.rows[0]!.n) throw new BiRoleError('role vigie_bi is missing: run infra/postgres/roles.sql as a superuser (docs/bi.md)');
  await db.transaction().execute(async (trx) => {
    await sql`INSERT INTO bi.tenant_roles (role_name, tenant_id) VALUES (${roleName}, ${tenantId})`.execute(trx);
    await sql`CREATE ROLE ${sql.id(roleName)} LOGIN PASSWORD ${sql.lit(password)} IN ROLE vigie_bi`.execute(trx);
    await sql`ALTER ROLE ${sql.id(roleName)} SET default_transaction_read_only = on`.execute(trx);
    await sql`ALTER ROLE ${sql.id(roleName)} SET search_path = bi`.execute(trx);
  });
}

/** Drops a BI login and its tenant mapping. */
export async function drop(db: Db, tenantId: string, roleName: string) {
  const r = await sql`DELETE FROM bi.tenant_roles WHERE role_name = ${roleName} AND tenant_id = ${tenantId}`.execute(db);
  if (Number(r.numAffectedRows ?? 0) > 0) await sql`DROP ROLE IF EXISTS ${sql.id(roleName)}`.execute(db);
}
