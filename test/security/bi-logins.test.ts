import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scramVerifier } from '@vigie/store';
import { adminUrl, databaseUrl, dropTestDatabase } from '../setup/test-db.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { device, session } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { runVigie } from '../setup/run-cli.ts';

// The shared test cluster authenticates 127.0.0.1 with trust, so a password is checked the way the
// server checks it at a SCRAM login: against the verifier it stores (pg_authid.rolpassword).
const DAY = '2026-11-16';
const DAYS = 86_400_000;
const suffix = randomBytes(4).toString('hex');
const login = `bi_t${suffix}_metabase`;
const otherTenantLogin = `bi_t${suffix}_other`;
const otherDatabase = `vigie_test_${suffix}_other`;

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [a, b] = useTenants(env, 'bia', 'bib');
let password: string;
const clients: pg.Client[] = [];

const vigie = async (args: string[]) => {
  const run = await runVigie(args, env.env);
  return { code: run.code, stdout: run.stdout.trim(), stderr: run.code === 0 ? '' : run.stderr.trim() };
};

async function connectAs(role: string, database = new URL(env.config.db.url).pathname.slice(1)) {
  const url = new URL(databaseUrl(database));
  url.username = role;
  url.password = 'trust-ignores-it';
  const client = new pg.Client({ connectionString: url.toString() });
  // bi-user-revoke ends sessions on purpose; an unheard 'error' event would crash the run.
  client.on('error', () => undefined);
  clients.push(client);
  await client.connect();
  return client;
}

const roleRow = async (role: string) =>
  (
    await sql<{ rolvaliduntil: Date | null; rolconnlimit: number; rolpassword: string | null; settings: string[] | null }>`
    SELECT r.rolvaliduntil, r.rolconnlimit, a.rolpassword,
           (SELECT s.setconfig FROM pg_db_role_setting s WHERE s.setrole = r.oid AND s.setdatabase = 0) AS settings
      FROM pg_roles r JOIN pg_authid a ON a.oid = r.oid WHERE r.rolname = ${role}`.execute(env.db)
  ).rows[0];

const sessionsOf = async (role: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE usename = ${role}`.execute(env.db)).rows[0]!.n;

beforeAll(async () => {
  await push(env, a.connector, [device('a1', { kind: 'tablet' }), session('a1', DAY, '10:00', 900)]);
  await push(env, b.connector, [device('b1', { kind: 'tablet' }), session('b1', DAY, '10:00', 900)]);
  await rolledUp(env, a.tenantId);
  await rolledUp(env, b.tenantId);
  const created = await vigie([
    'bi-user',
    '--tenant',
    'bia',
    '--name',
    login,
    '--valid-days',
    '30',
    '--connection-limit',
    '2',
    '--statement-timeout',
    '20',
  ]);
  expect(created).toMatchObject({ code: 0, stderr: '' });
  password = created.stdout;
  expect((await vigie(['bi-user', '--tenant', 'bib', '--name', otherTenantLogin])).code).toBe(0);
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  for (const role of [login, otherTenantLogin]) await sql`DROP ROLE IF EXISTS ${sql.id(role)}`.execute(env.db);
  await dropTestDatabase(otherDatabase);
});

describe('a BI login', () => {
  it('expires, holds a limited number of sessions, stops long queries, and its password is stored as SCRAM only', async () => {
    const row = (await roleRow(login))!;
    expect(Math.abs(row.rolvaliduntil!.getTime() - (Date.now() + 30 * DAYS))).toBeLessThan(60_000);
    expect(row.rolconnlimit).toBe(2);
    expect(row.settings).toEqual(expect.arrayContaining(['statement_timeout=20s', 'default_transaction_read_only=on', 'search_path=bi']));
    expect(row.rolpassword).toMatch(/^SCRAM-SHA-256\$4096:/);
    expect(scramVerifier.matches(row.rolpassword!, password)).toBe(true);
    const first = await connectAs(login);
    expect((await first.query('SHOW statement_timeout')).rows).toEqual([{ statement_timeout: '20s' }]);
    const second = await connectAs(login);
    await expect(connectAs(login)).rejects.toThrow(/too many connections for role/);
    await Promise.all([first.end(), second.end()]);
    const defaults = (await roleRow(otherTenantLogin))!;
    expect(Math.abs(defaults.rolvaliduntil!.getTime() - (Date.now() + 365 * DAYS))).toBeLessThan(60_000);
    expect(defaults.rolconnlimit).toBe(5);
    expect(defaults.settings).toContain('statement_timeout=60s');
  });

  it("sees only its tenant's rows in the BI views", async () => {
    const bi = await connectAs(otherTenantLogin);
    expect((await bi.query('SELECT DISTINCT tenant_id FROM establishment_daily_v1')).rows).toEqual([{ tenant_id: b.tenantId }]);
    expect((await bi.query('SELECT DISTINCT tenant_id FROM device_daily_v1')).rows).toEqual([{ tenant_id: b.tenantId }]);
  });

  it('cannot create temporary tables, nor list the other logins', async () => {
    const bi = await connectAs(otherTenantLogin);
    // Read-only is only a default the session may lift; the missing TEMP right is what holds.
    await bi.query('SET default_transaction_read_only = off');
    await expect(bi.query('CREATE TEMP TABLE scratch (a int)')).rejects.toThrow(/permission denied to create temporary tables/);
    for (const view of ['pg_roles', 'pg_user', 'pg_group', 'pg_auth_members', 'pg_db_role_setting', 'pg_stat_activity']) {
      await expect(bi.query(`SELECT * FROM pg_catalog.${view}`), view).rejects.toThrow(/permission denied/);
    }
    // The application itself still reads them (it runs bi-user, and its metrics read pg_stat_activity).
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ${login}`.execute(env.db)).rows[0]!.n).toBe(1);
  });

  it("reaches Vigie's database only through vigie_bi: PUBLIC may not connect here, and vigie_bi nowhere else", async () => {
    const outsider = `vigie_test_${suffix}_outsider`;
    await sql`CREATE ROLE ${sql.id(outsider)} LOGIN`.execute(env.db);
    try {
      await expect(connectAs(outsider)).rejects.toThrow(/permission denied for database/);
    } finally {
      await sql`DROP ROLE ${sql.id(outsider)}`.execute(env.db);
    }
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    try {
      // Another database of the cluster, locked as infra/postgres/README.md asks of every database.
      await admin.query(`CREATE DATABASE ${otherDatabase}`);
      await admin.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${otherDatabase} FROM PUBLIC`);
      const r = await admin.query(
        `SELECT has_database_privilege('vigie_bi', $1, 'CONNECT') AS other, has_database_privilege('vigie_bi', $2, 'CONNECT') AS vigie`,
        [otherDatabase, new URL(env.config.db.url).pathname.slice(1)],
      );
      expect(r.rows).toEqual([{ other: false, vigie: true }]);
    } finally {
      await admin.end();
    }
    await expect(connectAs(login, otherDatabase)).rejects.toThrow(/permission denied for database/);
  });

  it('bi-user-rotate sets a new password and expiry: the old password no longer matches, the new one does', async () => {
    const rotated = await vigie(['bi-user-rotate', '--tenant', 'bia', '--name', login, '--valid-days', '90']);
    expect(rotated).toMatchObject({ code: 0, stderr: '' });
    expect(rotated.stdout).not.toBe(password);
    const row = (await roleRow(login))!;
    expect(scramVerifier.matches(row.rolpassword!, password)).toBe(false);
    expect(scramVerifier.matches(row.rolpassword!, rotated.stdout)).toBe(true);
    expect(Math.abs(row.rolvaliduntil!.getTime() - (Date.now() + 90 * DAYS))).toBeLessThan(60_000);
  });

  it("never rotates nor drops a role that is not the tenant's BI login", async () => {
    expect(await vigie(['bi-user-rotate', '--tenant', 'bia', '--name', otherTenantLogin])).toMatchObject({
      code: 1,
      stderr: `vigie bi-user-rotate: "${otherTenantLogin}" is not a BI login of this tenant`,
    });
    expect((await vigie(['bi-user-revoke', '--tenant', 'bia', '--name', 'postgres'])).stderr).toMatch(
      /"postgres" is not a BI login of this tenant/,
    );
    expect(await roleRow(otherTenantLogin)).toBeDefined();
  });

  it('bi-user-revoke ends its open sessions and drops it', async () => {
    const bi = await connectAs(otherTenantLogin);
    const ended = new Promise<Error>((resolve) => bi.once('error', resolve));
    const open = await sessionsOf(otherTenantLogin);
    expect(open).toBeGreaterThan(0);
    const revoked = await vigie(['bi-user-revoke', '--tenant', 'bib', '--name', otherTenantLogin]);
    expect(revoked).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(revoked.stdout)).toEqual({ revoked: otherTenantLogin, sessionsEnded: open });
    expect((await ended).message).toMatch(/terminating connection/);
    expect(await sessionsOf(otherTenantLogin)).toBe(0);
    expect(await roleRow(otherTenantLogin)).toBeUndefined();
    expect((await sql`SELECT 1 FROM bi.tenant_roles WHERE role_name = ${otherTenantLogin}`.execute(env.db)).rows).toEqual([]);
    await expect(connectAs(otherTenantLogin)).rejects.toThrow(/does not exist/);
  });
});
