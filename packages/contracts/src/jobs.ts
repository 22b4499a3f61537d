import { z } from 'zod';

// Queue names (verbs) and the payload each job carries. Payloads are parsed when a worker picks a
// job up: Redis content is input like any other.
export const QueueNames = {
  ingestBatch: 'ingest-batch',
  rollupDay: 'rollup-day',
  evaluateObsolescence: 'evaluate-obsolescence',
  maintenance: 'maintenance',
  pullConnector: 'pull-connector',
  evaluateAlerts: 'evaluate-alerts',
  deliverWebhook: 'deliver-webhook',
  recompute: 'recompute',
} as const;

/** More batches than an API accept group (64) or a sync page holds; enqueue splits beyond. */
export const MAX_BATCHES_PER_JOB = 1_000;

/**
 * Store accepted batches of one tenant's source; their events are read from ingest_batches, not
 * carried in Redis. One job covers the batches accepted together, so the queue's own cost (a few
 * Redis scripts per job) is paid per group, not per batch. The source names the lane the worker
 * stores them in: batches of one source are stored together, in turn.
 */
export const IngestBatchJob = z.object({
  tenantId: z.uuid(),
  sourceId: z.uuid(),
  /** Outbox rows accepted together (one API group commit, one sync page...), in order. */
  batches: z
    .array(z.object({ id: z.uuid(), events: z.number().int().min(0) }))
    .min(1)
    .max(MAX_BATCHES_PER_JOB),
});
export type IngestBatchJob = z.infer<typeof IngestBatchJob>;

/** Recompute the rollups of one establishment's local day (the marks in rollup_dirty say which). */
export const RollupDayJob = z.object({ tenantId: z.uuid(), establishmentId: z.uuid(), day: z.iso.date() });
export type RollupDayJob = z.infer<typeof RollupDayJob>;

/** Days of one establishment a recompute rolls up together (a job of the rollup-day queue named `rollup-days`). */
export const MAX_ROLLUP_DAYS_PER_JOB = 40;

/** Recompute several marked days of one establishment in one pass (a recompute run's). */
export const RollupDaysJob = z.object({
  tenantId: z.uuid(),
  establishmentId: z.uuid(),
  days: z.array(z.iso.date()).min(1).max(MAX_ROLLUP_DAYS_PER_JOB),
});
export type RollupDaysJob = z.infer<typeof RollupDaysJob>;

/** Re-evaluate a tenant's obsolescence flags (daily, and after inventory or rule changes). */
export const EvaluateObsolescenceJob = z.object({ tenantId: z.uuid() });
export type EvaluateObsolescenceJob = z.infer<typeof EvaluateObsolescenceJob>;

/** Queue the rollups of a recompute run's marked days, then follow it to the end (progress, done). */
export const RecomputeJob = z.object({ tenantId: z.uuid(), runId: z.uuid(), queued: z.boolean().default(false) });
export type RecomputeJob = z.infer<typeof RecomputeJob>;

export const MaintenanceTasks = [
  'sweep-batches',
  'maintain-partitions',
  'sweep-rollups',
  'close-days',
  'evaluate-obsolescence',
  'evaluate-all-alerts',
  'send-digests',
  'sweep-deliveries',
  'apply-retention',
  'fold-device-tallies',
] as const;
export type MaintenanceTask = (typeof MaintenanceTasks)[number];
export const MaintenanceJob = z.object({ task: z.enum(MaintenanceTasks) });
export type MaintenanceJob = z.infer<typeof MaintenanceJob>;

/** Sync one pulled source: page through its MDM and accept what changed, as a push would be. */
export const PullConnectorJob = z.object({ tenantId: z.uuid(), sourceId: z.uuid(), trigger: z.enum(['schedule', 'manual']) });
export type PullConnectorJob = z.infer<typeof PullConnectorJob>;

/**
 * Evaluate a tenant's alert rules: after stored batches (debounced per minute), on a schedule, and
 * one rule (`ruleId`) when it is created or changed.
 */
export const EvaluateAlertsJob = z.object({
  tenantId: z.uuid(),
  trigger: z.enum(['ingest', 'schedule', 'manual', 'rule_change']),
  ruleId: z.uuid().optional(),
});
export type EvaluateAlertsJob = z.infer<typeof EvaluateAlertsJob>;

/** Send one recorded notification delivery (notification_deliveries row) to its endpoint. */
export const DeliverWebhookJob = z.object({ tenantId: z.uuid(), deliveryId: z.uuid() });
export type DeliverWebhookJob = z.infer<typeof DeliverWebhookJob>;
