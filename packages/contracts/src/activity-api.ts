import { z } from 'zod';
import { ActivitySignals, Granularities } from './rollup.ts';
import { uniqueBy } from './unique-by.ts';
import { AppCategories } from './vocabulary.ts';

// Shapes of the rollup engine's REST answers (docs/indicators.md for the definitions).

const date = z.string().describe('YYYY-MM-DD');
const rate = z.number().min(0).max(1).nullable().describe('null when the denominator is 0');

export const ActivityQuery = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  granularity: z.enum(Granularities).default('day'),
});

const activityRate = rate.describe(
  "taux d'activité: active / in-service device-days, school days only; a device is judged on use whenever use signals are available for it, on presence only otherwise",
);
const presenceRate = rate.describe(
  'taux de mise en service: device-days active on use or seen in lesson hours / in-service device-days; an upper bound of use',
);
const coverage = rate.describe('share of in-service device-days judged on use (measured, usage-derived, or use signals available)');
const presenceDeviceDays = z.number().int().describe('in-service device-days judged on presence: no use signal available for the device');

const GroupFigures = z.object({
  in_service_device_days: z.number().int(),
  active_device_days: z.number().int(),
  activity_rate: activityRate,
  presence_rate: presenceRate,
  coverage,
  presence_device_days: presenceDeviceDays,
});

export const ActivityPeriod = GroupFigures.extend({
  start: date,
  end: date,
  school_days: z.number().int().describe('days with classes in the period (1 or 0 for a day)'),
  activity_rate_use: rate.describe('active on a measured or usage-derived signal / in-service device-days (no presence at all)'),
  active_by_signal: z.object({
    measured: z.number().int(),
    usage: z.number().int(),
    presence: z.number().int().describe('active device-days resting on presence'),
  }),
  presence_active_device_days: z.number().int().describe('numerator of presence_rate'),
  judged_on_use_device_days: z.number().int().describe('numerator of coverage'),
  presence_discounted: z.number().int().nullable().describe('device-days with presence only, in the night-charging pattern (days only)'),
  in_service_devices: z.number().int().nullable(),
  reached_devices: z.number().int().nullable(),
  reach: rate.describe('share of in-service devices active at least once (weeks and months)'),
  outage: z.boolean().nullable().describe('the establishment had an outage that day (days only)'),
  by_kind: z.record(z.string(), GroupFigures),
  by_assignment: z.record(z.string(), GroupFigures),
});

export const EstablishmentActivity = z.object({
  uai: z.string(),
  time_zone: z.string(),
  granularity: z.enum(Granularities),
  active_threshold_seconds: z.number().int(),
  periods: z.array(ActivityPeriod),
});

export const DeviceActivity = z.object({
  device_id: z.uuid(),
  active_threshold_seconds: z.number().int(),
  days: z.array(
    z.object({
      day: date,
      school_day: z.boolean(),
      in_service: z.boolean(),
      active: z.boolean(),
      signal: z.enum(ActivitySignals),
      active_seconds: z.number().int(),
      inferred_seconds: z.number().int().describe('lesson-hour presence x 15 min, an upper bound, only when signal = presence'),
      judged_on_use: z.boolean().describe('judged on use (measured, usage-derived, or use signals available for the device)'),
      presence_active: z.boolean().describe('active on use or seen in lesson hours: the presence-based reading, an upper bound'),
    }),
  ),
});

export const CartUtilisation = z.object({
  cart_id: z.uuid(),
  name: z.string(),
  establishment_uai: z.string(),
  session_min_devices: z.number().int(),
  days: z.array(
    z.object({
      day: date,
      school_day: z.boolean(),
      devices: z.number().int(),
      active_devices: z.number().int(),
      active_share: rate,
      used_morning: z.boolean(),
      used_afternoon: z.boolean(),
    }),
  ),
  summary: z.object({
    school_half_days: z.number().int(),
    used_half_days: z.number().int(),
    half_day_use_rate: rate.describe('used school half-days / school half-days'),
    mean_active_share: rate.describe('mean share of its devices active, over school days'),
  }),
});

export const AppCatalog = z.object({
  apps: z
    .array(
      z.object({
        app_id: z.string().trim().min(1).max(200),
        category: z.enum(AppCategories),
        name: z.string().trim().min(1).max(200).nullable().default(null),
      }),
    )
    .max(10_000)
    .superRefine(
      uniqueBy(
        (a) => a.app_id,
        (a, first) => `apps[${first}] already classifies ${a.app_id}`,
        'app_id',
      ),
    ),
});

export const AppUsageByCategory = z.object({
  uai: z.string(),
  from: z.string(),
  to: z.string(),
  categories: z.array(
    z.object({
      category: z.string(),
      seconds: z.number().int(),
      sessions: z.number().int(),
      devices: z.number().int(),
      share: z.number().describe('share of all app seconds in the range'),
    }),
  ),
});

const TenantDayFigures = z.object({
  in_service: z.number().int(),
  active: z.number().int(),
  activity_rate: activityRate,
  presence_rate: presenceRate,
  coverage,
  presence_device_days: presenceDeviceDays,
});

export const TenantActivity = z.object({
  days: z.array(
    z.object({
      day: date,
      establishments: z.number().int().describe('establishments with classes that day'),
      ...TenantDayFigures.shape,
      outages: z.number().int(),
      by_kind: z.record(z.string(), TenantDayFigures),
      by_assignment: z.record(z.string(), TenantDayFigures),
    }),
  ),
  weeks: z
    .array(
      GroupFigures.extend({
        start: date.describe('Monday'),
        end: date.describe('Sunday'),
        school_days: z.number().int().describe('days of the range in this week with classes in one establishment at least'),
      }),
    )
    .describe(
      "each week (Monday to Sunday) holding a day of the range with classes, oldest first: the device-days of its days within the range summed, and the rates of those sums (@vigie/indicators), as an establishment's week period",
    ),
});
