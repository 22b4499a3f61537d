import { sql } from 'kysely';
import type { Alert } from '@vigie/contracts';
import type { Db, Trx } from './db.ts';

export interface AlertFilter {
  state?: string;
  ruleId?: string;
  ruleKind?: string;
  establishmentId?: string;
  establishmentIds?: string[];
  severity?: string;
  from?: string;
  to?: string;
  limit: number;
  /** `<opened_at ISO>|<id>` of the last row of the previous page. */
  after?: { openedAt: string; id: string };
}

/** Alerts newest first, filtered; keyset-paged on (opened_at, id). */
export async function list(db: Db, tenantId: string, f: AlertFilter) {
  let q = db.selectFrom('alerts').selectAll().where('tenant_id', '=', tenantId);
  if (f.state === 'unresolved') q = q.where('state', '<>', 'resolved');
  else if (f.state) q = q.where('state', '=', f.state);
  if (f.ruleId) q = q.where('rule_id', '=', f.ruleId);
  if (f.ruleKind) q = q.where('rule_kind', '=', f.ruleKind);
  if (f.establishmentId) q = q.where('establishment_id', '=', f.establishmentId);
  if (f.establishmentIds)
    q = q.where('establishment_id', 'in', f.establishmentIds.length ? f.establishmentIds : ['00000000-0000-0000-0000-000000000000']);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.from) q = q.where('opened_at', '>=', new Date(f.from));
  if (f.to) q = q.where('opened_at', '<', new Date(f.to));
  if (f.after) q = q.where(sql<boolean>`(opened_at, id) < (${new Date(f.after.openedAt)}::timestamptz, ${f.after.id}::uuid)`);
  return q.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(f.limit).execute();
}

export async function find(db: Db | Trx, tenantId: string, id: string) {
  return db.selectFrom('alerts').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

export type AlertRow = NonNullable<Awaited<ReturnType<typeof find>>>;

/** A stored alert in its public shape: what the REST API answers and webhooks carry. */
export function toAlert(r: AlertRow): Alert {
  return {
    id: r.id,
    rule_id: r.rule_id,
    rule_kind: r.rule_kind,
    severity: r.severity as Alert['severity'],
    state: r.state as Alert['state'],
    subject_type: r.subject_type as Alert['subject_type'],
    subject_id: r.subject_id,
    establishment_id: r.establishment_id,
    title: r.title,
    details: r.details,
    opened_at: r.opened_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    resolved_at: r.resolved_at?.toISOString() ?? null,
    snoozed_until: r.snoozed_until?.toISOString() ?? null,
  };
}

export interface Actor {
  tokenId: string | null;
  name: string;
}

/**
 * Moves an alert to `to` if its current state is one of `from`, recording who and why; returns the
 * updated row and its previous state, or the unchanged row when the move is not allowed.
 */
export async function transition(
  db: Db,
  tenantId: string,
  id: string,
  from: readonly string[],
  to: string,
  actor: Actor,
  extra: { note?: string; snoozedUntil?: Date } = {},
) {
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('alerts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!current) return null;
    if (!from.includes(current.state)) return { moved: false as const, alert: current };
    const alert = await trx
      .updateTable('alerts')
      .set({
        state: to,
        updated_at: new Date(),
        snoozed_until: extra.snoozedUntil ?? null,
        resolved_at: to === 'resolved' ? new Date() : null,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordTransition(trx, tenantId, id, current.state, to, actor, extra.note ?? null);
    return { moved: true as const, from: current.state, alert };
  });
}

export async function recordTransition(
  trx: Trx | Db,
  tenantId: string,
  alertId: string,
  from: string | null,
  to: string,
  actor: Actor,
  note: string | null,
) {
  await trx
    .insertInto('alert_transitions')
    .values({
      tenant_id: tenantId,
      alert_id: alertId,
      from_state: from,
      to_state: to,
      actor_token_id: actor.tokenId,
      actor_name: actor.name,
      note,
    })
    .execute();
}

export async function history(db: Db, tenantId: string, alertId: string) {
  return db
    .selectFrom('alert_transitions')
    .select(['from_state', 'to_state', 'at', 'actor_token_id', 'actor_name', 'note'])
    .where('tenant_id', '=', tenantId)
    .where('alert_id', '=', alertId)
    .orderBy('at')
    .orderBy('id')
    .execute();
}

export interface AlertCandidate {
  ruleId: string;
  ruleKind: string;
  severity: string;
  subjectType: string;
  subjectId: string;
  establishmentId: string | null;
  title: string;
  details: Record<string, unknown>;
}

/**
 * Opens an alert unless one is already unresolved for the same (rule, subject): the partial unique
 * index decides, so concurrent evaluations open it once. Returns the new row, or undefined.
 * `outbox` runs in the same transaction as the opening: what it records (the notifications owed)
 * commits with the alert or not at all.
 */
export async function open(db: Db, tenantId: string, c: AlertCandidate, outbox?: (trx: Trx, alert: AlertRow) => Promise<void>) {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('alerts')
      .values({
        tenant_id: tenantId,
        rule_id: c.ruleId,
        rule_kind: c.ruleKind,
        severity: c.severity,
        subject_type: c.subjectType,
        subject_id: c.subjectId,
        establishment_id: c.establishmentId,
        title: c.title,
        details: JSON.stringify(c.details),
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'rule_id', 'subject_type', 'subject_id']).where('state', '<>', 'resolved').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (row) await recordTransition(trx, tenantId, row.id, null, 'open', { tokenId: null, name: 'vigie' }, null);
    if (row && outbox) await outbox(trx, row);
    return row;
  });
}

/** The rule's alerts not yet resolved, for evaluation to keep, clear or resolve. */
export async function unresolvedByRule(db: Db, tenantId: string, ruleId: string) {
  return db
    .selectFrom('alerts')
    .selectAll()
    .where('tenant_id', '=', tenantId)
    .where('rule_id', '=', ruleId)
    .where('state', '<>', 'resolved')
    .execute();
}

/** Marks when alerts' conditions were first seen cleared (null: firing again), for hysteresis. */
export async function setClearSince(db: Db, tenantId: string, ids: string[], at: Date | null) {
  if (ids.length === 0) return;
  await db.updateTable('alerts').set({ clear_since: at }).where('tenant_id', '=', tenantId).where('id', 'in', ids).execute();
}

/**
 * Rewrites the title and details of unresolved alerts whose condition still holds but reads
 * differently now (an idle device one more day idle, a rate that moved); returns how many changed.
 */
export async function refresh(db: Db, tenantId: string, rows: { id: string; title: string; details: Record<string, unknown> }[]) {
  if (rows.length === 0) return 0;
  const r = await sql`
    UPDATE alerts a SET title = t.title, details = t.details, updated_at = now()
    FROM unnest(${rows.map((x) => x.id)}::uuid[], ${rows.map((x) => x.title)}::text[], ${rows.map((x) => JSON.stringify(x.details))}::jsonb[])
         AS t(id, title, details)
    WHERE a.tenant_id = ${tenantId} AND a.id = t.id AND a.state <> 'resolved'
      AND (a.title, a.details) IS DISTINCT FROM (t.title, t.details)`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}

/** Snoozed alerts whose snooze has ended. */
export async function snoozeEnded(db: Db, tenantId: string, now: Date) {
  return db
    .selectFrom('alerts')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('state', '=', 'snoozed')
    .where('snoozed_until', '<=', now)
    .execute();
}

/** A day's alert counts for the digest: opened and resolved in [from, to), by rule kind and establishment UAI. */
export async function digestCounts(db: Db, tenantId: string, from: Date, to: Date) {
  const { rows } = await sql<{ rule_kind: string; uai: string | null; opened: number; resolved: number }>`
    SELECT a.rule_kind, e.uai,
           count(*) FILTER (WHERE a.opened_at >= ${from} AND a.opened_at < ${to})::int AS opened,
           count(*) FILTER (WHERE a.resolved_at >= ${from} AND a.resolved_at < ${to})::int AS resolved
    FROM alerts a LEFT JOIN establishments e ON e.tenant_id = a.tenant_id AND e.id = a.establishment_id
    WHERE a.tenant_id = ${tenantId} AND (a.opened_at >= ${from} AND a.opened_at < ${to} OR a.resolved_at >= ${from} AND a.resolved_at < ${to})
    GROUP BY 1, 2`.execute(db);
  const open = await db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('state', '<>', 'resolved')
    .executeTakeFirstOrThrow();
  return { rows, openNow: Number(open.n) };
}
