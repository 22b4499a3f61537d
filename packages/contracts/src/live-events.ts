import { z } from 'zod';
import { Alert } from './alerts.ts';
import { FleetSummary } from './api.ts';

// What the worker publishes on a tenant's live channel and /v1/stream forwards. Small facts only:
// a client that needs more reads the REST API.

export const AlertLiveFields = Alert.pick({
  id: true,
  rule_id: true,
  rule_kind: true,
  severity: true,
  state: true,
  subject_type: true,
  subject_id: true,
  establishment_id: true,
  title: true,
});
export type AlertLiveFields = z.infer<typeof AlertLiveFields>;

/** What a live event tells of an alert: its identity and state; a client wanting more reads the REST API. */
export function alertLiveFields(a: Alert): AlertLiveFields {
  const { id, rule_id, rule_kind, severity, state, subject_type, subject_id, establishment_id, title } = a;
  return { id, rule_id, rule_kind, severity, state, subject_type, subject_id, establishment_id, title };
}

export const LiveEvent = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['alert.opened', 'alert.acknowledged', 'alert.snoozed', 'alert.resolved', 'alert.reopened']),
    alert: AlertLiveFields,
  }),
  z.object({ kind: z.literal('fleet.summary'), summary: FleetSummary }),
  z.object({ kind: z.literal('establishment.counts'), establishment_id: z.uuid(), uai: z.string(), summary: FleetSummary }),
  z.object({
    // An establishment-day rolled up again (docs/indicators.md, "Taux d'activité"): the headline and what it rests on.
    kind: z.literal('establishment.activity'),
    establishment_id: z.uuid(),
    day: z.iso.date(),
    school_day: z.boolean(),
    in_service: z.number().int(),
    active: z.number().int(),
    activity_rate: z.number().nullable(),
    presence_rate: z.number().nullable().describe('taux de mise en service: an upper bound'),
    coverage: z.number().nullable().describe('share of in-service device-days judged on use'),
    presence_device_days: z.number().int(),
  }),
  z.object({
    // Batches of a source are stored in groups: one event per group, each batch with its outcome.
    kind: z.literal('ingest.progress'),
    source_id: z.uuid(),
    batches: z.array(z.object({ batch_id: z.uuid(), status: z.enum(['stored', 'already_stored']), events: z.number().int() })),
    events: z.number().int(),
    devices_created: z.number().int(),
  }),
  z.object({
    kind: z.literal('sync.progress'),
    source_id: z.uuid(),
    run_id: z.uuid(),
    status: z.enum(['running', 'succeeded', 'partial', 'failed', 'skipped']),
    pages: z.number().int(),
    records_seen: z.number().int(),
    error_code: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('recompute.progress'),
    run_id: z.uuid(),
    reason: z.string(),
    status: z.enum(['running', 'done']),
    days_total: z.number().int(),
    days_done: z.number().int(),
  }),
]);
export type LiveEvent = z.infer<typeof LiveEvent>;

/** An event as stored in the tenant's resume window: `id` is its Redis stream id, increasing per tenant. */
export const PublishedEvent = z.object({ id: z.string(), at: z.iso.datetime(), event: LiveEvent });
export type PublishedEvent = z.infer<typeof PublishedEvent>;

/** Topics a client subscribes to; `establishment:<uuid>` is one establishment's live counts. */
export const LiveTopic = z.union([
  z.enum(['alerts', 'fleet', 'ingest', 'sync', 'recompute']),
  z.string().regex(/^establishment:[0-9a-f-]{36}$/, 'establishment:<establishment id>'),
]);
export type LiveTopic = z.infer<typeof LiveTopic>;

/** The topic an event belongs to. */
export function topicOf(event: LiveEvent): LiveTopic {
  switch (event.kind) {
    case 'fleet.summary':
      return 'fleet';
    case 'establishment.counts':
    case 'establishment.activity':
      return `establishment:${event.establishment_id}`;
    case 'ingest.progress':
      return 'ingest';
    case 'sync.progress':
      return 'sync';
    case 'recompute.progress':
      return 'recompute';
    default:
      return 'alerts';
  }
}

/** Messages a /v1/stream client sends. */
export const StreamClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auth'), token: z.string().min(1).max(200) }),
  z.object({
    type: z.literal('subscribe'),
    topics: z.array(z.string().max(60)).min(1).max(100),
    last_event_id: z
      .string()
      .regex(/^\d+-\d+$/)
      .optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), topics: z.array(z.string().max(60)).min(1).max(100) }),
]);
export type StreamClientMessage = z.infer<typeof StreamClientMessage>;

/** Close codes of /v1/stream beyond the standard ones. */
export const StreamCloseCodes = {
  unauthorized: 4001,
  forbidden: 4003,
  authTimeout: 4008,
  tooSlow: 4009,
  badMessage: 4000,
  tokenEnded: 4010,
  tooManySockets: 4029,
} as const;
