import { sql } from 'kysely';
import type { Db } from './db.ts';

/** Rows kept per run; the run's counts cover the rest. */
export const MAX_PER_RUN = 10_000;

export interface RunItem {
  recordId: string | null;
  eventType: string | null;
  status: 'rejected' | 'accepted';
  code: string;
  field: string | null;
  message: string;
}

/** Records what a run refused or accepted without a field, in order, up to MAX_PER_RUN. */
export async function record(db: Db, tenantId: string, runId: string, items: RunItem[]) {
  const kept = items.slice(0, MAX_PER_RUN);
  if (kept.length === 0) return;
  await sql`
    INSERT INTO sync_run_items (tenant_id, run_id, seq, record_id, event_type, status, code, field, message)
    SELECT ${tenantId}, ${runId}, t.seq, t.record_id, t.event_type, t.status, t.code, t.field, t.message
    FROM unnest(${kept.map((_, i) => i + 1)}::int[], ${kept.map((i) => i.recordId)}::text[], ${kept.map((i) => i.eventType)}::text[],
                ${kept.map((i) => i.status)}::text[], ${kept.map((i) => i.code)}::text[], ${kept.map((i) => i.field)}::text[],
                ${kept.map((i) => i.message)}::text[]) AS t(seq, record_id, event_type, status, code, field, message)`.execute(db);
}

/** A page of a run's items after `afterSeq`, in order. */
export async function page(db: Db, tenantId: string, runId: string, afterSeq: number, limit: number) {
  return db
    .selectFrom('sync_run_items')
    .select(['seq', 'record_id', 'event_type', 'status', 'code', 'field', 'message'])
    .where('tenant_id', '=', tenantId)
    .where('run_id', '=', runId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}
