import { z } from 'zod';
import { CalendarZones, DeviceKinds, DeviceStatuses, EstablishmentTypes, TenantKinds } from './vocabulary.ts';
import { ItemResult } from './api-error.ts';
import { isValidUai } from './uai.ts';
import { Rhythms } from './rollup.ts';

// Request and response shapes of the REST API. The OpenAPI document is generated from them.

export const timestamp = z.string().describe('RFC 3339 timestamp');
const date = z.string().describe('YYYY-MM-DD');
/** An IANA time zone name the platform knows ("Europe/Paris", "Indian/Reunion"). */
export const TimeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not an IANA time zone');

/** A report's date: idle, offline and obsolete as they stood at the end of that local day, the same answer tomorrow. */
export const AsOf = z.iso
  .date()
  .optional()
  .describe('YYYY-MM-DD: the answer as it stood at the end of that day (docs/api.md, "Reports for a past date")');
export const FleetSummaryQuery = z.object({ as_of: AsOf });

export const Uai = z.string().refine(isValidUai, 'UAI must be 7 digits and its check letter (e.g. 0770934X)');

export const TenantInput = z.object({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'lower-case letters, digits and dashes'),
  name: z.string().trim().min(1).max(200),
  kind: z.enum(TenantKinds),
  time_zone: TimeZone.default('Europe/Paris'),
});
export const Tenant = TenantInput.extend({ id: z.uuid(), created_at: timestamp });

export const OutboundAllowListInput = z.object({
  entries: z
    .array(z.string().trim().min(1).max(253))
    .max(100)
    .describe(
      "CIDRs (10.20.0.0/16), addresses or host names this tenant's webhooks and sources may reach although internal; a host name opens private and CGNAT addresses only",
    ),
});
export const OutboundAllowList = OutboundAllowListInput.extend({ tenant_id: z.uuid() });

/** Reference attributes an operator may set on an establishment (the annuaire import sets the rest). */
export const EstablishmentReference = z.object({
  rhythm: z.enum(Rhythms).nullable().optional().describe('weekly rhythm; null = the default of the type'),
  pupils: z.number().int().min(0).max(100_000).nullable().optional(),
  education_priority: z.enum(['REP', 'REP+']).nullable().optional(),
  alsace_moselle: z.boolean().optional().describe('Good Friday and 26 December are public holidays'),
});
export const EstablishmentInput = z
  .object({
    uai: Uai,
    name: z.string().trim().min(1).max(300),
    type: z.enum(EstablishmentTypes),
    calendar_zone: z.enum(CalendarZones),
    time_zone: TimeZone.default('Europe/Paris'),
  })
  .extend(EstablishmentReference.shape);
export const Establishment = EstablishmentInput.extend({
  id: z.uuid(),
  rhythm: z.enum(Rhythms).describe('weekly rhythm in force (the default of the type unless set)'),
  pupils: z.number().int().nullable(),
  education_priority: z.string().nullable(),
  academie: z.string().nullable(),
  closed: z.boolean(),
});
export const EstablishmentList = z.object({ items: z.array(Establishment) });

export const CartInput = z.object({ name: z.string().trim().min(1).max(100) });
export const Cart = CartInput.extend({ id: z.uuid(), establishment_uai: z.string() });
export const CartList = z.object({ items: z.array(Cart) });

export const Device = z.object({
  id: z.uuid(),
  kind: z.enum(DeviceKinds),
  serial: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  os_name: z.string().nullable(),
  os_version: z
    .string()
    .nullable()
    .describe('comparable per platform: Windows 10.0.<build>, macOS/iOS/iPadOS dotted, ChromeOS the Chrome version, Android its version'),
  os_version_raw: z.string().nullable().describe('the OS version as the winning source wrote it'),
  asset_tag: z.string().nullable().describe("numéro d'inventaire"),
  name: z.string().nullable().describe('device name; a name that looks personal is stored as a neutral label'),
  assignment: z.string().nullable(),
  status: z.enum(DeviceStatuses),
  establishment_uai: z.string().nullable(),
  cart: z.string().nullable(),
  acquired_on: date.nullable(),
  warranty_end: date.nullable(),
  support_end: date.nullable(),
  battery_health_pct: z
    .number()
    .nullable()
    .describe('battery capacity as a percent of its design capacity, where the API gives a figure (docs/connectors.md); null: unknown'),
  storage_total_mb: z.number().nullable(),
  provisional: z.boolean().describe('true until an inventory event arrives for the device'),
  first_seen: timestamp.describe('when Vigie first heard of the device'),
  last_seen: timestamp
    .nullable()
    .describe(
      'the last contact a source reported (check-in, sync); null: the device never connected (jamais connecté). Nullable since 1.1. In a list for a past date (as_of): the start of the last local day it was seen on by then, and kind, status, assignment and establishment_uai as they stood then',
    ),
});

export const DeviceQuery = z.object({
  establishment: Uai.optional(),
  cart: z.uuid().optional(),
  kind: z.enum(DeviceKinds).optional(),
  status: z.enum(DeviceStatuses).optional(),
  last_seen_before: z.iso.datetime({ offset: true }).optional(),
  last_seen_after: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(100).optional().describe('matched in serial, asset tag, name, model, manufacturer and OS version'),
  sort: z.enum(['last_seen', '-last_seen', 'first_seen', '-first_seen', 'serial', '-serial']).default('-last_seen'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(500).optional().describe('next_cursor of the previous page'),
  idle: z
    .enum(['true', 'false'])
    .optional()
    .describe('in service with no active day in the last N school days of its establishment (outage days skipped)'),
  idle_school_days: z.coerce.number().int().min(1).max(200).optional().describe("N for idle; default: the tenant's setting (10)"),
  offline: z
    .enum(['true', 'false'])
    .optional()
    .describe('in service with no check-in for N calendar days; a device that never connected is never offline (never_connected)'),
  never_connected: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: devices no source ever reported a contact for (jamais connectés); false: the others'),
  obsolete: z
    .enum(['any', 'age', 'os_version', 'support_end', 'battery', 'storage', 'warranty'])
    .optional()
    .describe('flagged obsolete for this reason (or any)'),
  within_months: z.coerce.number().int().min(0).max(120).default(0).describe('with obsolete: also flags applying within H months'),
  offline_days: z.coerce.number().int().min(1).max(400).optional().describe("N for offline; default: the tenant's setting (14)"),
  as_of: AsOf,
});
export const DevicePage = z.object({ items: z.array(Device), next_cursor: z.string().nullable() });

export const DeviceDay = z.object({
  day: date,
  online_minutes: z.number().int(),
  heartbeats: z.number().int(),
  usage_seconds: z.number().int(),
  measured_seconds: z.number().int().nullable(),
  active_seconds: z.number().int(),
  signal: z.enum(['measured', 'usage', 'presence', 'none']),
});
export const DeviceSource = z.object({
  source: z.string(),
  kind: z.string(),
  external_id: z.string(),
  first_seen: timestamp.describe('when Vigie first had this record'),
  first_contact: timestamp.nullable().describe('the earliest contact this record reported; null: never connected'),
  last_seen: timestamp
    .nullable()
    .describe(
      "the last contact this record reported (its own, not the device's current record's); null: never connected. Nullable since 1.1",
    ),
});
export const DeviceObsolescence = z.object({
  reason: z.string().describe('age, os_version, support_end, battery, storage or warranty'),
  applies_from: date.describe('the day the rule flags the device from (in the future: within the horizon)'),
  detail: z.string().describe('what the flag rests on, e.g. "acquired 2019-09-01, 5 years for tablet"'),
});
export const DeviceDetail = Device.extend({
  sources: z.array(DeviceSource),
  days: z.array(DeviceDay),
  obsolescence: z.array(DeviceObsolescence),
});

export const DailyQuery = z.object({ from: z.iso.date(), to: z.iso.date() });
export const EstablishmentDaily = z.object({
  uai: z.string(),
  time_zone: z.string(),
  active_threshold_seconds: z.number().int(),
  days: z.array(
    z.object({
      day: date,
      online_devices: z.number().int(),
      active_devices: z.number().int(),
      measured: z.number().int(),
      usage: z.number().int(),
      presence_only: z.number().int(),
    }),
  ),
});

export const FleetSummary = z.object({
  total: z.number().int(),
  by_kind: z.record(z.string(), z.number().int()),
  by_status: z.record(z.string(), z.number().int()),
  last_seen: z.record(z.string(), z.number().int()),
  unmanaged: z
    .number()
    .int()
    .describe(
      'devices no source holds any more: gone from every MDM that listed them (CONNECTOR_GONE_AFTER_SYNCS complete syncs in a row); counted in total and by status as before',
    ),
  offline: z
    .number()
    .int()
    .optional()
    .describe(
      "devices offline as GET /v1/devices?offline=true lists them (in service, connected once, no check-in for the offline_days setting, the establishment's over the tenant's); given by GET /v1/fleet/summary, not by the live fleet.summary events",
    ),
});
export type FleetSummary = z.infer<typeof FleetSummary>;

export const IngestAccepted = z.object({
  batch_id: z.uuid().nullable(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  results: z
    .array(ItemResult)
    .describe(
      'one entry per rejected item, and per item accepted without a field (personal data removed, unknown field dropped); items accepted whole are not listed',
    ),
});

export const IngestFailure = z.object({
  id: z.uuid(),
  source: z.string(),
  event_count: z.number().int(),
  accepted_at: timestamp,
  failed_at: timestamp.nullable(),
  failure_reason: z.string().nullable(),
  replays: z.number().int(),
});
export const IngestFailureList = z.object({ items: z.array(IngestFailure) });
