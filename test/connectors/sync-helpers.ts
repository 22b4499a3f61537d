import { expect } from 'vitest';
import { sql } from 'kysely';
import { appUsage, carts, heartbeats, ingestBatches } from '@vigie/store';
import type { SourceKind } from '@vigie/contracts';
import { waitFor, type SeededTenant, type TestEnv } from '../setup/test-env.ts';
import { fakeSource } from '../setup/fake-mdm-sources.ts';
import type { FakeMdm } from '../fake-mdm/fake-server.ts';

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

/** Creates a pulled source over REST and returns its id. */
export async function createSource(env: TestEnv, tenant: SeededTenant, body: Record<string, unknown>): Promise<string> {
  const res = await env.app.inject({ method: 'POST', url: '/v1/sources', headers: auth(tenant.operator), payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

/** A source per fake MDM (closed with `env`), created over REST, then each synced in turn; their ids by kind. */
export async function syncFakeSources<K extends SourceKind>(env: TestEnv, tenant: SeededTenant, fakes: Record<K, FakeMdm>) {
  const ids = {} as Record<K, string>;
  for (const [kind, fake] of Object.entries(fakes) as [K, FakeMdm][])
    ids[kind] = await createSource(env, tenant, fakeSource(kind, env.closes(fake).url));
  for (const id of Object.values<string>(ids)) await syncNow(env, tenant, id);
  return ids;
}

export interface RunView {
  id: string;
  status: string;
  pages: number;
  records_seen: number;
  duplicates: number;
  devices_created: number;
  devices_updated: number;
  devices_unchanged: number;
  events_accepted: number;
  rejected: number;
  rejections: Record<string, number>;
  error_code: string | null;
  error: string | null;
}

/** "Sync now" over REST, then waits for the run to finish and every batch it accepted to be stored. */
export async function syncNow(env: TestEnv, tenant: SeededTenant, sourceId: string): Promise<RunView> {
  const before = await runs(env, tenant, sourceId);
  const res = await env.app.inject({ method: 'POST', url: `/v1/sources/${sourceId}/sync`, headers: auth(tenant.operator) });
  expect(res.statusCode, res.body).toBe(202);
  let run: RunView | undefined;
  await waitFor(
    async () => {
      const list = await runs(env, tenant, sourceId);
      run = list.length > before.length && list[0]!.status !== 'running' ? list[0] : undefined;
      return Boolean(run);
    },
    45_000,
    'the sync run to finish',
  );
  await waitFor(async () => !(await ingestBatches.countByStatus(env.db, tenant.tenantId)).accepted, 30_000, 'every batch stored');
  return run!;
}

export async function runs(env: TestEnv, tenant: SeededTenant, sourceId: string): Promise<RunView[]> {
  const res = await env.app.inject({ url: `/v1/sources/${sourceId}/runs`, headers: auth(tenant.operator) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items;
}

export async function counts(env: TestEnv, tenantId: string) {
  const devices = await sql<{ n: number; placed: number; in_cart: number }>`
    SELECT count(*)::int AS n, count(establishment_id)::int AS placed, count(cart_id)::int AS in_cart
    FROM devices WHERE tenant_id = ${tenantId}`.execute(env.db);
  return {
    devices: devices.rows[0]!.n,
    placed: devices.rows[0]!.placed,
    inCart: devices.rows[0]!.in_cart,
    heartbeats: await heartbeats.count(env.db, tenantId),
    sessions: await appUsage.count(env.db, tenantId),
  };
}

export async function addCart(env: TestEnv, tenant: SeededTenant, name: string) {
  await carts.create(env.db, tenant.tenantId, tenant.establishmentId, name);
}

const EMAIL = /[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/i;

/** Every stored text, json and bytea-free column of every table, scanned for e-mails and names. */
export async function findPersonalData(env: TestEnv, names: string[]): Promise<string[]> {
  const columns = await sql<{ table_name: string; column_name: string }>`
    SELECT c.table_name, c.column_name FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
      AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY')`.execute(env.db);
  const hits: string[] = [];
  for (const { table_name: table, column_name: column } of columns.rows) {
    const rows = await sql<{
      v: string;
    }>`SELECT ${sql.ref(column)}::text AS v FROM ${sql.table(table)} WHERE ${sql.ref(column)} IS NOT NULL`.execute(env.db);
    for (const { v } of rows.rows) {
      if (EMAIL.test(v)) hits.push(`${table}.${column}: e-mail`);
      for (const name of names) if (v.toLowerCase().includes(name.toLowerCase())) hits.push(`${table}.${column}: ${name}`);
    }
  }
  return hits;
}
