import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localDate } from '@vigie/calendar';
import { datesFrom, planFleet, provisionFleet, pushBackfill, pushInventory, type ProvisionedTenant } from '@vigie/simulator';
import { apiTokens, biRoles, tenantData } from '@vigie/store';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { runVigie } from '../setup/run-cli.ts';

// Two simulated tenants pushed through the real API and worker (as `npm run demo` does, smaller);
// one leaves: the operator CLI exports every row of it, then purges it, and the other stays whole.
const env = useTestEnv({ env: { ...ROLLUP_TEST_ENV, INGEST_RATE_PER_MINUTE: '100000' }, worker: true });
let leaving: ProvisionedTenant;
let staying: ProvisionedTenant;
let exportDir: string;
const biLogin = `bi_offboard_${randomBytes(4).toString('hex')}`;

const vigie = (args: string[]) => runVigie(args, env.env);

/** The tenant's rows per table, for every table that holds tenants' rows. */
async function rowsOf(tenantId: string) {
  const counts: Record<string, number> = {};
  for (const table of await tenantData.tables(env.db)) counts[table.name] = await tenantData.count(env.db, table, tenantId);
  return counts;
}

async function simulatedTenant(prefix: string, seed: number, baseUrl: string, adminToken: string) {
  const plan = planFleet({ seed, devices: 40, establishments: 1, tenantPrefix: prefix });
  const tenant = [...(await provisionFleet({ baseUrl, token: adminToken }, plan, 'offboarding tests')).values()][0]!;
  const dates = datesFrom(addDays(localDate(new Date(), 'Europe/Paris'), -2), 3);
  const push = { concurrency: 2, duplicateShare: 0 };
  await pushInventory(() => tenant.connector, plan, Date.parse(`${dates[0]}T00:00:00Z`), push);
  await pushBackfill(() => tenant.connector, plan, dates, Date.now(), push);
  await rolledUp(env, tenant.tenantId, 120_000);
  return tenant;
}

beforeAll(async () => {
  const baseUrl = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'offboarding tests' });
  leaving = await simulatedTenant('off-leave-', 21, baseUrl, admin.token);
  staying = await simulatedTenant('off-stay-', 22, baseUrl, admin.token);
  await biRoles.create(env.db, leaving.tenantId, biLogin, randomBytes(12).toString('hex'));
  exportDir = path.join(mkdtempSync(path.join(tmpdir(), 'vigie-offboard-')), 'export');
}, 300_000);
afterAll(async () => {
  await sql`DROP ROLE IF EXISTS ${sql.id(biLogin)}`.execute(env.db).catch(() => undefined);
  if (exportDir) rmSync(path.dirname(exportDir), { recursive: true, force: true });
});

describe('every table holding tenant data is covered by offboarding', () => {
  it('no table lacks a tenant_id column without being declared reached indirectly or tenant-free', async () => {
    expect(await tenantData.undeclared(env.db)).toEqual([]);
  });

  it('a table added later without tenant_id or a declaration is flagged', async () => {
    await sql`CREATE TABLE public.offboarding_probe (device uuid)`.execute(env.db);
    try {
      expect(await tenantData.undeclared(env.db)).toEqual(['public.offboarding_probe']);
    } finally {
      await sql`DROP TABLE public.offboarding_probe`.execute(env.db);
    }
  });
});

describe('tenant-export and tenant-purge', () => {
  it('tenant-export writes one file per table with every row of the tenant, and a manifest of the counts', async () => {
    const before = await rowsOf(leaving.tenantId);
    const out = await vigie(['tenant-export', '--tenant', leaving.code, '--to', exportDir]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stderr).toMatch(/tenant-export .*100%/);
    const manifest = JSON.parse(readFileSync(path.join(exportDir, 'manifest.json'), 'utf8')) as {
      tenant: { code: string };
      row_counts: Record<string, number>;
    };
    expect(manifest.tenant.code).toBe(leaving.code);
    expect(manifest.row_counts).toEqual(before);
    expect(readdirSync(exportDir).sort()).toEqual([...Object.keys(before).map((t) => `${t}.jsonl`), 'manifest.json'].sort());
    for (const [table, n] of Object.entries(before)) {
      const lines = readFileSync(path.join(exportDir, `${table}.jsonl`), 'utf8')
        .split('\n')
        .filter(Boolean);
      expect(lines.length, table).toBe(n);
      for (const line of lines.slice(0, 3)) expect(JSON.parse(line).tenant_id ?? JSON.parse(line).id, table).toBe(leaving.tenantId);
    }
    for (const table of [
      'public.tenants',
      'public.devices',
      'public.heartbeats',
      'public.device_days',
      'public.establishment_days',
      'bi.tenant_roles',
    ]) {
      expect(before[table], table).toBeGreaterThan(0);
    }
  });

  it('tenant-purge refuses without a confirmation repeating the tenant code, exit 2, and removes nothing', async () => {
    const before = await rowsOf(leaving.tenantId);
    for (const args of [[], ['--confirm', staying.code]]) {
      const out = await vigie(['tenant-purge', '--tenant', leaving.code, ...args]);
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/--confirm must repeat the tenant code/);
    }
    expect(await rowsOf(leaving.tenantId)).toEqual(before);
  });

  it('tenant-purge leaves no row of the tenant in any table, drops its BI login, and leaves the other tenant intact', async () => {
    const other = await rowsOf(staying.tenantId);
    const out = await vigie(['tenant-purge', '--tenant', leaving.code, '--confirm', leaving.code]);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/1 BI logins dropped/);
    const after = await rowsOf(leaving.tenantId);
    expect(Object.entries(after).filter(([, n]) => n > 0)).toEqual([]);
    expect(await rowsOf(staying.tenantId)).toEqual(other);
    const role = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_roles WHERE rolname = ${biLogin}`.execute(env.db);
    expect(role.rows[0]!.n).toBe(0);
  });
});
