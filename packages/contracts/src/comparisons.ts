import { z } from 'zod';

// The same keys as @vigie/indicators ComparisonMetricKey (docs/indicators.md for their definitions).
export const ComparisonMetrics = [
  'activity_rate',
  'activity_rate_use',
  'presence_rate',
  'coverage',
  'reach',
  'devices_per_pupil',
  'active_devices_per_pupil',
] as const;
export type ComparisonMetric = (typeof ComparisonMetrics)[number];
export const PeerGroupings = ['type', 'type_size', 'type_priority'] as const;

/** Pupil-count bands for "same size" peer groups. */
export const SizeBands = [
  { name: 'lt300', max: 299 },
  { name: '300_599', max: 599 },
  { name: '600_899', max: 899 },
  { name: 'ge900', max: Number.POSITIVE_INFINITY },
] as const;

export const ComparisonQuery = z.object({
  metric: z.enum(ComparisonMetrics).default('activity_rate'),
  granularity: z.enum(['week', 'month', 'school_year']).default('month'),
  start: z.iso.date().describe('any day of the period; the period holding it is compared'),
  peers: z.enum(PeerGroupings).default('type').describe('peer group: same type, plus size band or education-priority status'),
  history: z.coerce
    .number()
    .int()
    .min(0)
    .max(12)
    .default(0)
    .describe('how many periods before this one to give each item as `history` (a trend line); 0: none'),
});

const value = z.number().nullable();
export const ComparisonItem = z.object({
  uai: z.string(),
  name: z.string(),
  type: z.string(),
  peer_group: z.string(),
  devices: z.number().int().describe('devices the value is computed on'),
  value: value.describe('null when suppressed (fewer devices than the minimum) or not computable'),
  suppressed: z.boolean(),
  presence_rate: value.describe(
    "beside any metric: the period's presence-based rate (an upper bound of activity_rate); null when suppressed",
  ),
  coverage: value.describe("beside any metric: share of the period's in-service device-days judged on use; null when suppressed"),
  presence_device_days: z
    .number()
    .int()
    .nullable()
    .describe('in-service device-days judged on presence (no use signal available); null when suppressed'),
  previous_value: value,
  delta: value.describe('value - previous_value'),
  history: z
    .array(value)
    .optional()
    .describe('with ?history=N: the values of the N periods before this one, oldest first (null: no data, or withheld)'),
  rank: z.number().int().nullable().describe('1 = highest value in the peer group'),
  percentile: z.number().nullable().describe('0-100: share of the peer group with a lower value'),
  peers: z.number().int().describe('establishments of the peer group with a shown value'),
});
export const Comparison = z.object({
  metric: z.enum(ComparisonMetrics),
  granularity: z.string(),
  period_start: z.string(),
  previous_period_start: z.string(),
  min_devices: z.number().int(),
  items: z.array(ComparisonItem),
});

export const CohortInput = z.object({
  name: z.string().trim().min(1).max(100),
  member_kind: z.enum(['establishment', 'device']),
  members: z
    .array(z.string().min(1).max(200))
    .min(1)
    .max(100_000)
    .describe('UAIs for establishment cohorts, device ids for device cohorts'),
});
export const Cohort = z.object({ id: z.uuid(), name: z.string(), member_kind: z.string(), members: z.number().int() });
export const CohortComparisonQuery = z.object({ from: z.iso.date(), to: z.iso.date() });
export const CohortComparison = z.object({
  from: z.string(),
  to: z.string(),
  min_devices: z.number().int(),
  cohorts: z.array(
    Cohort.extend({
      devices: z.number().int(),
      in_service_device_days: z.number().int(),
      active_device_days: z.number().int(),
      presence_device_days: z.number().int().describe('in-service device-days judged on presence (no use signal available)'),
      activity_rate: value.describe("taux d'activité: judged on use whenever use signals are available"),
      activity_rate_use: value,
      presence_rate: value.describe('taux de mise en service: active on use or seen in lesson hours, an upper bound'),
      coverage: value.describe('share of in-service device-days judged on use'),
      suppressed: z.boolean(),
    }),
  ),
});
