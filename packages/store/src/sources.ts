import { sql } from 'kysely';
import { SourceKinds } from '@vigie/contracts';
import type { Db } from './db.ts';
import * as deviceAttributes from './device-attributes.ts';

/** The id of the tenant's source with this name, created on first use (push connectors name theirs). */
export async function ensure(db: Db, tenantId: string, name: string, kind = 'push'): Promise<string> {
  const find = () => db.selectFrom('sources').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  const existing = await find();
  if (existing) return existing.id;
  await db
    .insertInto('sources')
    .values({ tenant_id: tenantId, name, kind })
    .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
    .execute();
  return (await find())!.id;
}

/**
 * Like `ensure`, for a source a token creates implicitly by pushing: a source new to the tenant
 * counts against that token's `max`; null when the token has created `max` sources already.
 */
export async function ensureCreatedBy(db: Db, tenantId: string, name: string, tokenId: string, max: number): Promise<string | null> {
  const find = (q: Db) =>
    q.selectFrom('sources').select('id').where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
  const existing = await find(db);
  if (existing) return existing.id;
  return db.transaction().execute(async (trx) => {
    // One token's creations are serialised, so two pushes at once cannot both take the last place.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${tokenId}))`.execute(trx);
    const { n } = await trx
      .selectFrom('sources')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('tenant_id', '=', tenantId)
      .where('created_by_token_id', '=', tokenId)
      .executeTakeFirstOrThrow();
    if (Number(n) >= max) return (await find(trx))?.id ?? null;
    await trx
      .insertInto('sources')
      .values({ tenant_id: tenantId, name, kind: 'push', created_by_token_id: tokenId })
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
      .execute();
    return (await find(trx))!.id;
  });
}

// Pulled MDM sources: kinds of SourceKinds ('push' and 'register' rows are sources too, not pulled).
// Credentials are sealed bytes; every read but loadForSync leaves them out, so no route can return
// them by accident.

const PUBLIC_COLUMNS = [
  'id',
  'name',
  'kind',
  'base_url',
  'token_url',
  'page_size',
  'schedule',
  'time_zone',
  'options',
  'mapping',
  'enabled',
  'priority',
  'created_at',
  'updated_at',
] as const;

export interface PulledSourceInput {
  name: string;
  kind: string;
  baseUrl: string;
  tokenUrl: string | null;
  pageSize: number;
  schedule: string | null;
  timeZone: string;
  options: Record<string, string>;
  mapping: { match: string; uai: string; cart?: string }[];
  credentials: Buffer | null;
  enabled: boolean;
  priority: number;
}

const toColumns = (input: Partial<PulledSourceInput>) => ({
  ...(input.name !== undefined ? { name: input.name } : {}),
  ...(input.kind !== undefined ? { kind: input.kind } : {}),
  ...(input.baseUrl !== undefined ? { base_url: input.baseUrl } : {}),
  ...(input.tokenUrl !== undefined ? { token_url: input.tokenUrl } : {}),
  ...(input.pageSize !== undefined ? { page_size: input.pageSize } : {}),
  ...(input.schedule !== undefined ? { schedule: input.schedule } : {}),
  ...(input.timeZone !== undefined ? { time_zone: input.timeZone } : {}),
  ...(input.options !== undefined ? { options: JSON.stringify(input.options) } : {}),
  ...(input.mapping !== undefined ? { mapping: JSON.stringify(input.mapping) } : {}),
  ...(input.credentials !== undefined ? { credentials: input.credentials } : {}),
  ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
  ...(input.priority !== undefined ? { priority: input.priority } : {}),
});

export async function create(db: Db, tenantId: string, input: PulledSourceInput) {
  return db
    .insertInto('sources')
    .values({ tenant_id: tenantId, ...toColumns(input) } as never)
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function listPulled(db: Db, tenantId: string) {
  return db
    .selectFrom('sources')
    .select(PUBLIC_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('kind', 'in', SourceKinds)
    .orderBy('name')
    .execute();
}

export async function findPulled(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('sources')
    .select(PUBLIC_COLUMNS)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('kind', 'in', SourceKinds)
    .executeTakeFirst();
}

export async function findByName(db: Db, tenantId: string, name: string) {
  return db.selectFrom('sources').select(['id', 'kind']).where('tenant_id', '=', tenantId).where('name', '=', name).executeTakeFirst();
}

export async function update(db: Db, tenantId: string, id: string, patch: Partial<PulledSourceInput>) {
  return db
    .updateTable('sources')
    .set({ ...toColumns(patch), updated_at: new Date() } as never)
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .where('kind', 'in', SourceKinds)
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirst();
}

/**
 * Deletes a pulled source, its links and runs, its stored batches and its attribute claims (the
 * devices then show what the other sources claim). A batch still waiting for the worker keeps the
 * source: deleting it would lose accepted data.
 */
export async function remove(db: Db, tenantId: string, id: string): Promise<'deleted' | 'not_found' | 'in_flight'> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('sources')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('kind', 'in', SourceKinds)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return 'not_found';
    const pending = await trx
      .selectFrom('ingest_batches')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .where('source_id', '=', id)
      .where('status', '=', 'accepted')
      .limit(1)
      .executeTakeFirst();
    if (pending) return 'in_flight';
    await trx.deleteFrom('ingest_batches').where('tenant_id', '=', tenantId).where('source_id', '=', id).execute();
    await deviceAttributes.forgetSource(trx, tenantId, id);
    await trx.deleteFrom('sources').where('tenant_id', '=', tenantId).where('id', '=', id).execute();
    return 'deleted';
  });
}

/** Everything the worker needs to sync, sealed credentials and the last sync state included. */
export async function loadForSync(db: Db, tenantId: string, id: string) {
  return db
    .selectFrom('sources')
    .select([...PUBLIC_COLUMNS, 'credentials', 'sync_state'])
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function saveSyncState(db: Db, tenantId: string, id: string, state: unknown) {
  await db
    .updateTable('sources')
    .set({ sync_state: JSON.stringify(state) })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .execute();
}

/** Enabled, scheduled pulled sources of every tenant: the worker re-registers their schedules at start. */
export async function listScheduled(db: Db) {
  return db
    .selectFrom('sources')
    .select(['tenant_id', 'id', 'schedule', 'time_zone'])
    .where('kind', 'in', SourceKinds)
    .where('enabled', '=', true)
    .where('schedule', 'is not', null)
    .execute();
}
