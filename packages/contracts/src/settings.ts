import { z } from 'zod';
import { RollupSettings, TenantOnlySettings } from './rollup.ts';
import { Uai } from './api.ts';
import { RecomputeRun } from './recompute.ts';

// Settings over the API (docs/api.md, "Settings"). Strict objects: a key the API does not know is
// a 400 naming it, rather than a typo silently ignored.

export const TenantSettingsPatch = z.strictObject(RollupSettings.shape).partial();
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatch>;

const Overridable = RollupSettings.omit(
  Object.fromEntries(TenantOnlySettings.map((k) => [k, true])) as { [K in (typeof TenantOnlySettings)[number]]: true },
);
export type EstablishmentOverrides = Partial<z.infer<typeof Overridable>>;

type NullableOptional<T extends z.ZodRawShape> = { [K in keyof T]: z.ZodOptional<z.ZodNullable<T[K]>> };
const clearable = <T extends z.ZodRawShape>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, (s as z.ZodType).nullable().optional()])) as unknown as NullableOptional<T>;

/** An establishment's overrides to change; null removes one (the tenant's value applies again). */
export const EstablishmentSettingsPatch = z.strictObject(clearable(Overridable.shape));
export type EstablishmentSettingsPatch = z.infer<typeof EstablishmentSettingsPatch>;

export const TenantSettings = RollupSettings;
/** The settings after a PATCH, and the recompute it started (null: nothing the rollups use changed). */
export const TenantSettingsChanged = RollupSettings.extend({ recompute: RecomputeRun.nullable() });
export const EstablishmentSettings = z.object({
  uai: Uai,
  overrides: Overridable.partial().describe('what this establishment sets itself'),
  effective: RollupSettings.describe('what its rollups use: its overrides over the tenant settings'),
});
export const EstablishmentSettingsChanged = EstablishmentSettings.extend({ recompute: RecomputeRun.nullable() });

/** Settings read when answering, not when rolling up: changing them recomputes nothing. */
export const ReadTimeSettings = ['idle_school_days', 'offline_days', 'min_group_devices', 'retention_days'] as const;
