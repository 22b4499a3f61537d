import type { AlertRuleKind } from '@vigie/contracts';
import type { Config } from '@vigie/config';
import { alerts, type Db } from '@vigie/store';
import type { Evaluation } from './evaluate-rule.ts';
import { paramsFor } from './firing.ts';
import { endpointsFor, recordOpenedDeliveries, type NotifiedEndpoint } from './notify-opened.ts';

export interface RuleRow {
  id: string;
  kind: string;
  severity: string;
  params: Record<string, unknown>;
  overrides: Record<string, Record<string, unknown>>;
}

type AlertRow = alerts.AlertRow;
const VIGIE = { tokenId: null, name: 'vigie' };
const key = (type: string, id: string) => `${type}:${id}`;

/**
 * Turns an evaluation into alert changes: opens what fires and has no unresolved alert (recording
 * the notifications it owes in the same transaction), and resolves an alert only after its
 * condition stayed clear for the rule's clear_for_minutes. Returns the deliveries to queue.
 */
export async function applyFirings(db: Db, config: Readonly<Config>, tenantId: string, rule: RuleRow, evaluation: Evaluation, now: Date) {
  const unresolved = await alerts.unresolvedByRule(db, tenantId, rule.id);
  const existing = new Map(unresolved.map((a) => [key(a.subject_type, a.subject_id), a]));
  const firing = new Set(evaluation.firings.map((f) => key(f.subjectType, f.subjectId)));
  const opened: AlertRow[] = [];
  const resolved: AlertRow[] = [];
  const deliveries: string[] = [];
  // Read once, when a first alert opens: every alert of the rule has its severity.
  let endpoints: NotifiedEndpoint[] | undefined;

  const firingAgain = unresolved.filter((a) => a.clear_since && firing.has(key(a.subject_type, a.subject_id)));
  await alerts.setClearSince(
    db,
    tenantId,
    firingAgain.map((a) => a.id),
    null,
  );
  // An alert still firing shows the condition as it is now, not as it was when it opened.
  await alerts.refresh(
    db,
    tenantId,
    evaluation.firings.flatMap((f) => {
      const alert = existing.get(key(f.subjectType, f.subjectId));
      return alert ? [{ id: alert.id, title: f.title, details: f.details }] : [];
    }),
  );
  for (const f of evaluation.firings) {
    if (existing.has(key(f.subjectType, f.subjectId))) continue;
    const row = await alerts.open(
      db,
      tenantId,
      { ...f, ruleId: rule.id, ruleKind: rule.kind, severity: rule.severity },
      async (trx, alert) => {
        endpoints ??= await endpointsFor(db, config, tenantId, rule.severity);
        deliveries.push(...(await recordOpenedDeliveries(trx, tenantId, alert, endpoints)));
      },
    );
    if (row) opened.push(row);
  }

  const cleared = unresolved.filter(
    (a) =>
      !firing.has(key(a.subject_type, a.subject_id)) && !(a.establishment_id && evaluation.skippedEstablishments.has(a.establishment_id)),
  );
  await alerts.setClearSince(
    db,
    tenantId,
    cleared.filter((a) => !a.clear_since).map((a) => a.id),
    now,
  );
  for (const a of cleared) {
    const clearFor = paramsFor(rule.kind as AlertRuleKind, rule.params, rule.overrides, a.establishment_id).clear_for_minutes;
    const since = a.clear_since ?? now;
    if (now.getTime() - since.getTime() < clearFor * 60_000) continue;
    const moved = await alerts.transition(db, tenantId, a.id, ['open', 'acknowledged', 'snoozed'], 'resolved', VIGIE, {
      note: 'condition cleared',
    });
    if (moved?.moved) resolved.push(moved.alert);
  }
  return { opened, resolved, clearing: cleared.length - resolved.length, deliveries };
}

/** Snoozed alerts whose date has passed go back to open. */
export async function endSnoozes(db: Db, tenantId: string, now: Date) {
  const reopened: AlertRow[] = [];
  for (const { id } of await alerts.snoozeEnded(db, tenantId, now)) {
    const moved = await alerts.transition(db, tenantId, id, ['snoozed'], 'open', VIGIE, { note: 'snooze ended' });
    if (moved?.moved) reopened.push(moved.alert);
  }
  return reopened;
}
