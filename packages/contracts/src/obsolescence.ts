import { z } from 'zod';
import { uniqueBy } from './unique-by.ts';
import { DeviceKinds } from './vocabulary.ts';
import { AsOf } from './api.ts';

export const ObsolescenceReasons = ['age', 'os_version', 'support_end', 'battery', 'storage', 'warranty'] as const;
export type ObsolescenceReason = (typeof ObsolescenceReasons)[number];

/** One rule: '*' matches any kind or platform; threshold is years (age), % (battery) or MB (storage). */
export const ObsolescenceRule = z.object({
  reason: z.enum(ObsolescenceReasons),
  device_kind: z.union([z.enum(DeviceKinds), z.literal('*')]).default('*'),
  platform: z.string().trim().toLowerCase().min(1).max(40).default('*'),
  threshold: z.number().positive().max(1_000_000).nullable().default(null),
  min_version: z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)*$/, 'dotted numbers, e.g. 16 or 10.0.19045')
    .nullable()
    .default(null),
});
export type ObsolescenceRule = z.infer<typeof ObsolescenceRule>;
/** A tenant's rules: at most one per reason, device kind and platform (the rule that applies must be unambiguous). */
export const ObsolescenceRuleSet = z.object({
  rules: z
    .array(ObsolescenceRule)
    .max(200)
    .superRefine(
      uniqueBy(
        (r) => `${r.reason}/${r.device_kind}/${r.platform}`,
        (r, first) => `rules[${first}] already sets ${r.reason} for device_kind ${r.device_kind} and platform ${r.platform}`,
      ),
    ),
});

const rule = (r: Partial<ObsolescenceRule> & Pick<ObsolescenceRule, 'reason'>): ObsolescenceRule => ({
  device_kind: '*',
  platform: '*',
  threshold: null,
  min_version: null,
  ...r,
});

/** Rules of a tenant that set none (docs/indicators.md). */
export const DefaultObsolescenceRules: readonly ObsolescenceRule[] = Object.freeze([
  rule({ reason: 'age', device_kind: 'tablet', threshold: 5 }),
  rule({ reason: 'age', device_kind: 'laptop', threshold: 6 }),
  rule({ reason: 'age', device_kind: 'chromebook', threshold: 6 }),
  rule({ reason: 'age', device_kind: 'desktop', threshold: 7 }),
  rule({ reason: 'age', device_kind: 'interactive_display', threshold: 8 }),
  rule({ reason: 'age', device_kind: '*', threshold: 6 }),
  rule({ reason: 'os_version', platform: 'ipados', min_version: '16' }),
  rule({ reason: 'os_version', platform: 'ios', min_version: '16' }),
  rule({ reason: 'os_version', platform: 'windows', min_version: '10.0.19045' }),
  rule({ reason: 'os_version', platform: 'android', min_version: '12' }),
  rule({ reason: 'support_end' }),
  rule({ reason: 'battery', threshold: 70 }),
  rule({ reason: 'storage', threshold: 32_000 }),
  rule({ reason: 'warranty' }),
]);

/** Replacement cost per kind (EUR) when a tenant set none; indicative public-procurement orders of magnitude. */
export const DefaultUnitPrices: Readonly<Record<string, number>> = Object.freeze({
  tablet: 400,
  laptop: 700,
  chromebook: 350,
  desktop: 800,
  interactive_display: 2500,
  other: 300,
});
export const UnitPrices = z.object({ prices: z.partialRecord(z.enum(DeviceKinds), z.number().min(0).max(100_000)) });

export const ObsolescenceQuery = z.object({
  within_months: z.coerce.number().int().min(0).max(120).default(0).describe('also count flags applying within H months'),
  establishment: z.string().optional(),
  as_of: AsOf,
});

const ReasonCounts = z.record(z.string(), z.number().int());
export const ObsolescenceSummary = z.object({
  as_of: z.string(),
  within_months: z.number().int(),
  devices_flagged: z.number().int(),
  by_reason: ReasonCounts,
  by_establishment: z.array(
    z.object({ uai: z.string().nullable(), name: z.string().nullable(), devices_flagged: z.number().int(), by_reason: ReasonCounts }),
  ),
});

export const RenewalForecastQuery = z.object({ years: z.coerce.number().int().min(1).max(15).default(5), as_of: AsOf });
const Money = z.object({ devices: z.number().int(), cost_eur: z.number() });
export const RenewalForecast = z.object({
  as_of: z.iso.date().describe('the date the forecast is computed for'),
  currency: z.literal('EUR'),
  paying_collectivite: z.string(),
  unit_prices: z.record(z.string(), z.number()),
  years: z.array(
    Money.extend({
      year: z.number().int().describe('budget (calendar) year; the first also holds devices already obsolete'),
      by_kind: z.record(z.string(), Money),
      by_establishment: z.array(Money.extend({ uai: z.string().nullable() })),
    }),
  ),
  redeployment: z.object({
    obsolete_idle: z.number().int().describe('obsolete now and idle: withdraw or redeploy'),
    obsolete_busy: z.number().int().describe('obsolete now and in use: renew first'),
  }),
});
