import { z } from 'zod';

// Definitions the worker computes with and the API reports (docs/indicators.md). The API never
// imports @vigie/rollup, so the vocabulary and defaults it needs live here.

// presence_unused: on in lesson hours without use, for a device whose use signals are available.
export const ActivitySignals = ['measured', 'usage', 'presence', 'presence_unused', 'presence_discounted', 'none'] as const;
export type ActivitySignal = (typeof ActivitySignals)[number];

export const Granularities = ['day', 'week', 'month', 'school_year'] as const;
export type Granularity = (typeof Granularities)[number];

/** Per-tenant thresholds of the rollup engine (table tenant_rollup_settings). */
export const RollupSettings = z.object({
  active_seconds: z.number().int().positive(),
  presence_min_lesson_slots: z.number().int().positive(),
  idle_school_days: z.number().int().positive(),
  offline_days: z.number().int().positive(),
  outage_silent_share: z.number().gt(0).max(1),
  outage_min_devices: z.number().int().positive(),
  cart_session_min_devices: z.number().int().positive(),
  min_group_devices: z.number().int().positive(),
  /** Calendar days in which a use signal of a device's class makes use signals available for it. */
  use_signal_window_days: z.number().int().min(1).max(366),
});
export type RollupSettings = z.infer<typeof RollupSettings>;

export const RollupDefaults: Readonly<RollupSettings> = Object.freeze({
  active_seconds: 300,
  presence_min_lesson_slots: 2,
  idle_school_days: 10,
  offline_days: 14,
  outage_silent_share: 0.8,
  outage_min_devices: 5,
  cart_session_min_devices: 3,
  min_group_devices: 5,
  use_signal_window_days: 28,
});
