import type { Config } from '@vigie/config';
import type { LiveEvent } from '@vigie/contracts';
import type { Queues } from '@vigie/queue';
import { alertRules, type Db } from '@vigie/store';
import { alertEvent } from './alert-event.ts';
import { applyFirings, endSnoozes } from './apply-firings.ts';
import { evaluateRule } from './evaluate-rule.ts';
import { loadFacts } from './load-facts.ts';
import { queueDeliveries } from './notify-opened.ts';

/**
 * Evaluates every enabled rule of one tenant (or only `ruleId`, just changed) as of `now`: opens, clears and resolves alerts, queues
 * the notifications of openings, and returns the live events to publish with the counts.
 */
export async function evaluateTenant(db: Db, queues: Queues, config: Readonly<Config>, tenantId: string, now: Date, ruleId?: string) {
  const rules = (await alertRules.list(db, tenantId, true)).filter((r) => !ruleId || r.id === ruleId);
  const events: LiveEvent[] = (await endSnoozes(db, tenantId, now)).map((a) => alertEvent('alert.reopened', a));
  const counts = { rules: rules.length, firing: 0, opened: 0, resolved: 0, clearing: 0, deliveries: 0 };
  if (rules.length === 0) return { counts, events };
  const facts = await loadFacts(db, tenantId, rules, now, config.defaultTimeZone);
  for (const rule of rules) {
    const evaluation = evaluateRule({ kind: rule.kind as never, params: rule.params, overrides: rule.overrides }, facts);
    const applied = await applyFirings(db, config, tenantId, rule, evaluation, now);
    counts.firing += evaluation.firings.length;
    counts.opened += applied.opened.length;
    counts.resolved += applied.resolved.length;
    counts.clearing += applied.clearing;
    await queueDeliveries(queues, config, tenantId, applied.deliveries);
    counts.deliveries += applied.deliveries.length;
    events.push(
      ...applied.opened.map((a) => alertEvent('alert.opened', a)),
      ...applied.resolved.map((a) => alertEvent('alert.resolved', a)),
    );
  }
  return { counts, events };
}
