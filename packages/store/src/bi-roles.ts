import { sql } from 'kysely';
import type { Db } from './db.ts';
import * as scramVerifier from './scram-verifier.ts';

export class BiRoleError extends Error {
  override name = 'BiRoleError';
}

/** How long a BI login lasts, how many sessions it may hold, and how long one query may run. */
export interface BiLoginPolicy {
  validUntil: Date;
  connectionLimit: number;
  statementTimeoutSeconds: number;
}

/** Defaults of the bi-user commands: a year, a few dashboard connections, a minute per query. */
export const BiLoginDefaults = { validDays: 365, connectionLimit: 5, statementTimeoutSeconds: 60 } as const;

/** The policy of a login created or rotated now with the defaults, or with the days given. */
export function policyFor(now: Date, validDays: number = BiLoginDefaults.validDays): BiLoginPolicy {
  return {
    validUntil: new Date(now.getTime() + validDays * 86_400_000),
    connectionLimit: BiLoginDefaults.connectionLimit,
    statementTimeoutSeconds: BiLoginDefaults.statementTimeoutSeconds,
  };
}

/**
 * Creates a read-only login for BI tools bound to one tenant: member of vigie_bi (SELECT on the bi
 * views, rows of its tenant only through row-level security), read-only by default, expiring, with
 * a connection limit and a statement timeout. The password is sent as a SCRAM verifier.
 */
export async function create(db: Db, tenantId: string, roleName: string, password: string, policy = policyFor(new Date())) {
  if (!/^[a-z][a-z0-9_]{2,62}$/.test(roleName)) throw new BiRoleError('role name: lower-case letters, digits and _, 3 to 63 characters');
  const verifier = scramVerifier.build(password);
  const group = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = 'vigie_bi'`.execute(db);
  if (!group.rows[0]!.n) throw new BiRoleError('role vigie_bi is missing: run infra/postgres/roles.sql as a superuser (docs/bi.md)');
  await db.transaction().execute(async (trx) => {
    await sql`INSERT INTO bi.tenant_roles (role_name, tenant_id) VALUES (${roleName}, ${tenantId})`.execute(trx);
    await sql`CREATE ROLE ${sql.id(roleName)} LOGIN PASSWORD ${sql.lit(verifier)} VALID UNTIL ${sql.lit(policy.validUntil.toISOString())}
              CONNECTION LIMIT ${sql.lit(policy.connectionLimit)} IN ROLE vigie_bi`.execute(trx);
    await sql`ALTER ROLE ${sql.id(roleName)} SET default_transaction_read_only = on`.execute(trx);
    await sql`ALTER ROLE ${sql.id(roleName)} SET search_path = bi`.execute(trx);
    await sql`ALTER ROLE ${sql.id(roleName)} SET statement_timeout = ${sql.lit(`${policy.statementTimeoutSeconds}s`)}`.execute(trx);
    await joinTenantGroup(trx, tenantId, roleName);
    await restrictDatabase(trx);
  });
}

/** Sets a new password and expiry on a tenant's BI login; sessions already open stay open. */
export async function rotate(db: Db, tenantId: string, roleName: string, password: string, validUntil: Date) {
  const verifier = scramVerifier.build(password);
  await db.transaction().execute(async (trx) => {
    await mappedRole(trx, tenantId, roleName);
    await sql`ALTER ROLE ${sql.id(roleName)} PASSWORD ${sql.lit(verifier)} VALID UNTIL ${sql.lit(validUntil.toISOString())}`.execute(trx);
  });
}

/**
 * Drops a tenant's BI login: it stops logging in at once, its open sessions (in any database of the
 * cluster) are ended and waited for, then the role and its mapping go. Returns the sessions ended.
 */
export async function drop(db: Db, tenantId: string, roleName: string): Promise<{ sessionsEnded: number }> {
  await mappedRole(db, tenantId, roleName);
  const exists = await sql`SELECT 1 FROM pg_roles WHERE rolname = ${roleName}`.execute(db);
  let sessionsEnded = 0;
  if (exists.rows.length) {
    // NOLOGIN is committed before the sessions are ended: inside one transaction it would stay
    // invisible to new connections until the DROP, and a session opened meanwhile would survive.
    await sql`ALTER ROLE ${sql.id(roleName)} NOLOGIN`.execute(db);
    const ended = await sql<{ n: number }>`
      SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))::int AS n
        FROM pg_stat_activity WHERE usename = ${roleName} AND pid <> pg_backend_pid()`.execute(db);
    sessionsEnded = ended.rows[0]!.n;
  }
  await db.transaction().execute(async (trx) => {
    await sql`DELETE FROM bi.tenant_roles WHERE role_name = ${roleName} AND tenant_id = ${tenantId}`.execute(trx);
    // A mapping restored onto another cluster may have lost its role: the mapping still goes.
    await sql`DROP ROLE IF EXISTS ${sql.id(roleName)}`.execute(trx);
    await dropEmptyTenantGroup(trx, tenantId);
  });
  return { sessionsEnded };
}

/** The group role whose members are the tenant's BI logins: what bi.current_tenant_id() reads (migrations/0064). */
export function tenantGroup(tenantId: string) {
  return `vigie_bi_tenant_${tenantId.replaceAll('-', '').toLowerCase()}`;
}

async function joinTenantGroup(db: Db, tenantId: string, roleName: string) {
  const group = tenantGroup(tenantId);
  const exists = await sql`SELECT 1 FROM pg_roles WHERE rolname = ${group}`.execute(db);
  if (!exists.rows.length) await sql`CREATE ROLE ${sql.id(group)} NOLOGIN`.execute(db);
  await sql`GRANT ${sql.id(group)} TO ${sql.id(roleName)}`.execute(db);
}

async function dropEmptyTenantGroup(db: Db, tenantId: string) {
  const group = tenantGroup(tenantId);
  const members = await sql`SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = ${group}`.execute(db);
  if (!members.rows.length) await sql`DROP ROLE IF EXISTS ${sql.id(group)}`.execute(db);
}

/** Refuses any role that is not this tenant's BI login: rotate and drop never touch another role. */
async function mappedRole(db: Db, tenantId: string, roleName: string) {
  const r = await sql`SELECT 1 FROM bi.tenant_roles WHERE role_name = ${roleName} AND tenant_id = ${tenantId}`.execute(db);
  if (!r.rows.length) throw new BiRoleError(`"${roleName}" is not a BI login of this tenant`);
}

/**
 * Database-level rights of BI logins, as migrations/0056 sets them: only vigie_bi (not PUBLIC) may
 * connect, and nobody but the application creates temporary tables. Repeated at each creation
 * because a database cloned from a template or restored without --create starts with the defaults.
 */
async function restrictDatabase(db: Db) {
  await sql`DO $$
    DECLARE db_name text := current_database();
    BEGIN
      EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', db_name);
      EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', db_name, current_user);
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigie_app') THEN
        EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO vigie_app', db_name);
      END IF;
      EXECUTE format('GRANT CONNECT ON DATABASE %I TO vigie_bi', db_name);
    END $$`.execute(db);
}
