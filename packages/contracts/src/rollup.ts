import { z } from 'zod';
import { RetentionDays } from './retention.ts';

// Definitions the worker computes with and the API reports (docs/indicators.md). The API never
// imports @vigie/rollup, so the vocabulary and defaults it needs live here.

// presence_unused: on in lesson hours without use, for a device whose use signals are available.
export const ActivitySignals = ['measured', 'usage', 'presence', 'presence_unused', 'presence_discounted', 'none'] as const;
export type ActivitySignal = (typeof ActivitySignals)[number];

export const Granularities = ['day', 'week', 'month', 'school_year'] as const;
export type Granularity = (typeof Granularities)[number];

const LocalTime = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'a local time HH:MM (00:00 to 24:00)');
/** Local wall-clock hours from `from` to `to` (HH:MM, same day). */
export const LocalHours = z
  .strictObject({ from: LocalTime, to: LocalTime })
  .refine((r) => r.from < r.to, { message: 'from must be before to', path: ['to'] });
export type LocalHours = z.infer<typeof LocalHours>;
export const Rhythms = ['wednesday_afternoon_off', 'wednesday_off', 'five_days'] as const;

/**
 * Per-tenant settings of the rollup engine (table tenant_rollup_settings, one column per key; an
 * establishment may override most of them). Adding a setting: a column with a default in a
 * migration, one line here and one in RollupDefaults; the store, the API and the overrides follow.
 */
export const RollupSettings = z.object({
  active_seconds: z.number().int().positive().max(86_400).describe('seconds of measured or app use that make a device-day active'),
  presence_inference: z.boolean().describe('infer activity from presence in lesson hours when a device has no use signal'),
  presence_min_lesson_slots: z
    .number()
    .int()
    .positive()
    .max(96)
    .describe('quarter-hours seen in lesson hours that make a presence-only day active'),
  presence_night: LocalHours.describe(
    'night hours of the charging pattern: a device seen through half of them or more is not inferred active',
  ),
  lesson_hours: z.strictObject({ morning: LocalHours, afternoon: LocalHours }).describe('lesson hours of each half-day, local time'),
  weekly_rhythm: z.enum(Rhythms).nullable().describe("weekly rhythm of establishments that set none; null = their type's default"),
  idle_school_days: z.number().int().positive().max(100),
  offline_days: z.number().int().positive().max(400),
  outage_silent_share: z.number().gt(0).max(1),
  outage_min_devices: z.number().int().positive(),
  cart_session_min_devices: z.number().int().positive(),
  min_group_devices: z.number().int().positive().describe('groups smaller than this are suppressed in comparisons (small-group threshold)'),
  /** Calendar days in which a use signal of a device's class makes use signals available for it. */
  use_signal_window_days: z
    .number()
    .int()
    .min(1)
    .max(366)
    .describe('days in which a use signal of the device or its class means it is judged on use'),
  // Not read by the rollups: it rides with them because these are the tenant's settings over the API.
  retention_days: RetentionDays,
});
export type RollupSettings = z.infer<typeof RollupSettings>;

export const RollupDefaults: Readonly<RollupSettings> = Object.freeze({
  active_seconds: 300,
  presence_inference: true,
  presence_min_lesson_slots: 2,
  presence_night: { from: '00:00', to: '06:00' },
  lesson_hours: { morning: { from: '08:00', to: '12:00' }, afternoon: { from: '13:30', to: '17:30' } },
  weekly_rhythm: null,
  idle_school_days: 10,
  offline_days: 14,
  outage_silent_share: 0.8,
  outage_min_devices: 5,
  cart_session_min_devices: 3,
  min_group_devices: 5,
  use_signal_window_days: 28,
  retention_days: {},
});

/** Settings compared across establishments: the tenant's only. */
export const TenantOnlySettings = ['min_group_devices', 'retention_days'] as const;
