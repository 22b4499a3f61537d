import { UnrecoverableError, type Job } from 'bullmq';
import type { Config, Logger } from '@vigie/config';
import { EvaluateAlertsJob } from '@vigie/contracts';
import type { LivePublisher, Queues } from '@vigie/queue';
import type { Db } from '@vigie/store';
import { evaluateTenant } from '../alerts/evaluate-tenant.ts';

/** Evaluates every enabled rule of one tenant (or the one just changed), opens and resolves alerts, and tells live clients. */
export function evaluateAlerts(db: Db, queues: Queues, live: LivePublisher, config: Readonly<Config>, log: Logger) {
  return async (job: Job) => {
    const payload = EvaluateAlertsJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`bad evaluate-alerts payload: ${payload.error.message}`);
    const { tenantId, ruleId } = payload.data;
    const { counts, events } = await evaluateTenant(db, queues, config, tenantId, new Date(), ruleId);
    for (const event of events) await live.publish(tenantId, event).catch((err: unknown) => log.warn({ err }, 'live event not published'));
    log.info({ tenantId, jobId: job.id, trigger: payload.data.trigger, ruleId, ...counts }, 'alerts evaluated');
    return counts;
  };
}
