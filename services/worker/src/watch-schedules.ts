import type { Redis } from 'ioredis';
import cron from 'node-cron';
import type { JobDeps } from './jobs/index.ts';
import { sweepBatches, sweepRollups } from './jobs/maintenance.ts';
import { sweepDeliveries } from './jobs/sweep-deliveries.ts';
import { restoreSchedules } from './schedule.ts';

/**
 * Keeps the recurring jobs registered while Redis loses its data: BullMQ's schedulers live in Redis,
 * so a flush, a failover to an empty replica or an eviction takes the sweeper with them and nothing
 * would ever queue the outbox again. Checked when the connection is (re)established and on a
 * process-local cron tick (node-cron, not BullMQ: the check must not depend on what it checks).
 */
export function watchSchedules(deps: JobDeps, connection: Redis) {
  const { db, queues, config, log } = deps;
  if (!cron.validate(config.worker.scheduleCheckCron))
    throw new Error(`SCHEDULE_CHECK_CRON: "${config.worker.scheduleCheckCron}" is not a cron expression`);
  let running: Promise<void> | null = null;

  async function restore(trigger: string) {
    try {
      const restored = await restoreSchedules(db, queues, config);
      if (restored.maintenance.length === 0 && restored.syncs === 0) return;
      // Schedulers gone means the queued jobs went too: what is owed is in PostgreSQL, queued now
      // rather than after the sweep age (a job still there is left alone).
      const now = new Date();
      const batches = await sweepBatches(db, queues, now);
      const rollups = await sweepRollups(db, queues, now, config.rollup.delayMs);
      const deliveries = await sweepDeliveries(db, queues, config, now);
      log.warn(
        {
          trigger,
          missing: restored.maintenance,
          syncs: restored.syncs,
          batches: batches.requeued,
          rollups: rollups.requeued,
          deliveries: deliveries.requeued,
        },
        'recurring jobs were missing from Redis: registered again and owed work re-queued',
      );
    } catch (err) {
      log.warn({ err, trigger }, 'could not check the recurring jobs; next tick retries');
    }
  }

  const check = (trigger: string) => {
    running ??= restore(trigger).finally(() => {
      running = null;
    });
    return running;
  };
  const onReady = () => void check('reconnect');
  connection.on('ready', onReady);
  const task = cron.schedule(config.worker.scheduleCheckCron, () => check('tick'), { name: 'schedule-check', noOverlap: true });
  return {
    check,
    async stop() {
      connection.off('ready', onReady);
      await task.destroy();
      await running;
    },
  };
}
