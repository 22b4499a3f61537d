import { z } from 'zod';
import { DeviceKinds } from './vocabulary.ts';

export const AlertRuleKinds = [
  'device_offline',
  'device_obsolete',
  'device_idle',
  'cart_unused',
  'establishment_outage',
  'activity_rate_low',
  'source_sync_failing',
] as const;
export type AlertRuleKind = (typeof AlertRuleKinds)[number];
export const Severities = ['info', 'warning', 'critical'] as const;
export type Severity = (typeof Severities)[number];
export const AlertStates = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
export type AlertState = (typeof AlertStates)[number];

// Hysteresis common to every rule: an alert resolves itself only once its condition has stayed
// clear this long, so a device that checks in once between two silences does not flap.
const clearFor = {
  clear_for_minutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30)
    .default(60),
};

/** Thresholds of each rule kind, with their defaults (docs/alerts.md). */
export const RuleParams = {
  device_offline: z.object({ days: z.number().int().min(1).max(365).default(14), ...clearFor }),
  device_obsolete: z.object({
    horizon_months: z.number().int().min(0).max(60).default(6),
    max_age_years: z
      .partialRecord(z.enum(DeviceKinds), z.number().min(1).max(20))
      .default({ tablet: 5, laptop: 6, desktop: 7, chromebook: 6, interactive_display: 8, other: 6 }),
    ...clearFor,
  }),
  // Idle devices, unused carts, the outage and the activity rate are the rollup's (docs/indicators.md):
  // their thresholds (active seconds, silent share, minimum devices) are the tenant's rollup settings, not the rule's.
  device_idle: z.object({ school_days: z.number().int().min(1).max(100).default(10), ...clearFor }),
  cart_unused: z.object({ school_days: z.number().int().min(1).max(100).default(10), ...clearFor }),
  establishment_outage: z.object({ ...clearFor }),
  activity_rate_low: z.object({
    threshold: z.number().min(0).max(1).default(0.3),
    school_days: z.number().int().min(1).max(100).default(10),
    ...clearFor,
  }),
  source_sync_failing: z.object({ consecutive_failures: z.number().int().min(1).max(100).default(3), ...clearFor }),
} satisfies Record<AlertRuleKind, z.ZodType>;
export type RuleParams<K extends AlertRuleKind> = z.infer<(typeof RuleParams)[K]>;

export const AlertRuleInput = z.object({
  kind: z.enum(AlertRuleKinds),
  name: z.string().min(1).max(120),
  severity: z.enum(Severities).default('warning'),
  enabled: z.boolean().default(true),
  params: z.record(z.string(), z.unknown()).default({}),
  overrides: z
    .record(z.uuid(), z.record(z.string(), z.unknown()))
    .default({})
    .describe('per establishment id, thresholds replacing params'),
});
export type AlertRuleInput = z.infer<typeof AlertRuleInput>;
// No defaults in a patch: a field left out keeps its value.
export const AlertRulePatch = z.object({
  name: z.string().min(1).max(120).optional(),
  severity: z.enum(Severities).optional(),
  enabled: z.boolean().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  overrides: z.record(z.uuid(), z.record(z.string(), z.unknown())).optional(),
});

export const AlertRule = z.object({
  id: z.uuid(),
  kind: z.enum(AlertRuleKinds),
  name: z.string(),
  severity: z.enum(Severities),
  enabled: z.boolean(),
  params: z.record(z.string(), z.unknown()),
  overrides: z.record(z.string(), z.record(z.string(), z.unknown())),
  created_at: z.string(),
  updated_at: z.string(),
});
export const AlertRuleList = z.object({ items: z.array(AlertRule) });

export const Alert = z.object({
  id: z.uuid(),
  rule_id: z.uuid(),
  rule_kind: z.string(),
  severity: z.enum(Severities),
  state: z.enum(AlertStates),
  subject_type: z.enum(['device', 'establishment', 'cart', 'source']),
  subject_id: z.string(),
  establishment_id: z.uuid().nullable(),
  title: z.string(),
  details: z.record(z.string(), z.unknown()),
  opened_at: z.string(),
  updated_at: z.string(),
  resolved_at: z.string().nullable(),
  snoozed_until: z.string().nullable(),
});
export type Alert = z.infer<typeof Alert>;
export const AlertTransition = z.object({
  from_state: z.string().nullable(),
  to_state: z.string(),
  at: z.string(),
  actor_token_id: z.uuid().nullable(),
  actor_name: z.string(),
  note: z.string().nullable(),
});
export const AlertDetail = Alert.extend({ history: z.array(AlertTransition) });
export const AlertList = z.object({ items: z.array(Alert), next_cursor: z.string().nullable() });
export const AlertQuery = z.object({
  state: z.enum([...AlertStates, 'unresolved']).optional(),
  rule_id: z.uuid().optional(),
  rule_kind: z.enum(AlertRuleKinds).optional(),
  establishment: z.string().optional().describe('UAI or establishment id'),
  severity: z.enum(Severities).optional(),
  from: z.iso.datetime({ offset: true }).optional().describe('opened at or after'),
  to: z.iso.datetime({ offset: true }).optional().describe('opened before'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().optional(),
});
export const AlertAction = z.object({ note: z.string().max(500).optional() });
export const AlertSnooze = AlertAction.extend({ until: z.iso.datetime({ offset: true }) });

export const NotificationEndpointInput = z.object({
  kind: z.enum(['webhook', 'email']),
  name: z.string().min(1).max(120),
  url: z.url({ protocol: /^https?$/ }).optional(),
  email: z.email().optional().describe('a service mailbox (e.g. the DSI helpdesk), not a person'),
  digest: z.boolean().default(true),
  min_severity: z.enum(Severities).default('info'),
});
export const NotificationEndpointPatch = z.object({
  name: z.string().min(1).max(120).optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
  email: z.email().optional(),
  digest: z.boolean().optional(),
  min_severity: z.enum(Severities).optional(),
  enabled: z.boolean().optional(),
});
export const NotificationEndpoint = z.object({
  id: z.uuid(),
  kind: z.enum(['webhook', 'email']),
  name: z.string(),
  url: z.string().nullable(),
  email: z.string().nullable(),
  enabled: z.boolean(),
  disabled_reason: z.string().nullable(),
  consecutive_failures: z.number().int(),
  digest: z.boolean(),
  min_severity: z.enum(Severities),
  created_at: z.string(),
  updated_at: z.string(),
});
export const NotificationEndpointCreated = NotificationEndpoint.extend({
  secret: z.string().nullable().describe('the webhook signing secret, shown only now'),
});
export const NotificationEndpointList = z.object({ items: z.array(NotificationEndpoint) });
export const NotificationDelivery = z.object({
  id: z.uuid(),
  idempotency_key: z.string(),
  kind: z.enum(['alert', 'test', 'digest']),
  alert_id: z.uuid().nullable(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  last_status: z.number().int().nullable(),
  last_error: z.string().nullable(),
  created_at: z.string(),
  delivered_at: z.string().nullable(),
});
export const NotificationDeliveryList = z.object({ items: z.array(NotificationDelivery) });
// One neutral outcome for every way an address can fail (refused, timed out, no DNS answer, TLS,
// internal): the test route must not tell a caller which hosts and ports exist.
export const NotificationTestResult = NotificationDelivery.extend({
  delivered: z.boolean(),
  outcome: z
    .enum(['delivered', 'http_error', 'unreachable', 'queued'])
    .describe(
      'http_error: the endpoint answered with a non-2xx status (last_status); unreachable: no answer, whatever the reason; queued: an e-mail, see the delivery log',
    ),
});
