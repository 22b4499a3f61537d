import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { EvaluateAlertsJob, type LiveEvent } from '@vigie/contracts';
import type { LivePublisher, Queues } from '@vigie/queue';
import { alertRules, type Db } from '@vigie/store';
import { applyFirings, endSnoozes } from '../alerts/apply-firings.ts';
import { evaluateRule } from '../alerts/evaluate-rule.ts';
import { loadFacts } from '../alerts/load-facts.ts';
import { alertEvent } from '../alerts/alert-event.ts';
import { notifyOpened } from '../alerts/notify-opened.ts';

/** Evaluates every enabled rule of one tenant, opens and resolves alerts, and tells live clients. */
export function evaluateAlerts(db: Db, queues: Queues, live: LivePublisher, config: Readonly<Config>, log: Logger) {
  return async (job: Job) => {
    const payload = EvaluateAlertsJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad evaluate-alerts payload: ${payload.error.message}`);
    const { tenantId } = payload.data;
    const now = new Date();
    const rules = await alertRules.list(db, tenantId, true);
    const events: LiveEvent[] = (await endSnoozes(db, tenantId, now)).map((a) => alertEvent('alert.reopened', a));
    if (rules.length === 0) return { rules: 0 };
    const facts = await loadFacts(db, tenantId, rules, now, config.defaultTimeZone);
    const counts = { rules: rules.length, firing: 0, opened: 0, resolved: 0, clearing: 0, deliveries: 0 };
    for (const rule of rules) {
      const evaluation = evaluateRule({ kind: rule.kind as never, params: rule.params, overrides: rule.overrides }, facts);
      const applied = await applyFirings(db, tenantId, rule, evaluation, now);
      counts.firing += evaluation.firings.length;
      counts.opened += applied.opened.length;
      counts.resolved += applied.resolved.length;
      counts.clearing += applied.clearing;
      for (const alert of applied.opened) counts.deliveries += await notifyOpened(db, queues, config, tenantId, alert);
      events.push(...applied.opened.map((a) => alertEvent('alert.opened', a)), ...applied.resolved.map((a) => alertEvent('alert.resolved', a)));
    }
    for (const event of events) await live.publish(tenantId, event).catch((err: unknown) => log.warn({ err }, 'live event not published'));
    log.info({ tenantId, jobId: job.id, trigger: payload.data.trigger, ...counts }, 'alerts evaluated');
    return counts;
  };
}
