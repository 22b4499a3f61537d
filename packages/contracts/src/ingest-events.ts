import { z } from 'zod';
import { AppCategories, Assignments, DeviceKinds, DeviceStatuses } from './vocabulary.ts';

// Both checks run for every instant of every event ingested (twice: API and worker), so they read
// digits in place: no Date round trip, no regex match arrays, no substrings.
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by `length` ASCII digits at `from`, or NaN. */
function digits(value: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const d = value.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Whether `value` starts with a YYYY-MM-DD date that exists (Date.parse rolls 2026-02-30 over to March). */
function startsWithRealDate(value: string): boolean {
  if (value.length < 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 2);
  const day = digits(value, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

// The format check has already fixed every field's digits and range; what remains is the calendar.
const isRealInstant = (value: string) => startsWithRealDate(value);
const isRealDate = (value: string) => value.length === 10 && startsWithRealDate(value);

/**
 * Epoch ms of an instant that passed the Instant schema (YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)),
 * read in place: Date.parse runs a general-purpose date grammar, several times slower. Digits
 * beyond the millisecond are dropped, as Date.parse drops them.
 */
export function instantMs(value: string): number {
  // Date.UTC reads years 0-99 as 1900-1999; no observation is that old, but the answer must hold.
  if (value.charCodeAt(0) === 48 && value.charCodeAt(1) === 48) return Date.parse(value);
  let ms = Date.UTC(
    digits(value, 0, 4),
    digits(value, 5, 2) - 1,
    digits(value, 8, 2),
    digits(value, 11, 2),
    digits(value, 14, 2),
    digits(value, 17, 2),
  );
  let i = 19;
  if (value.charCodeAt(i) === 46) {
    let place = 100;
    for (i++; i < value.length; i++, place /= 10) {
      const d = value.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      if (place >= 1) ms += d * place;
    }
  }
  const sign = value.charCodeAt(i);
  if (sign === 90) return ms;
  const offset = (digits(value, i + 1, 2) * 60 + digits(value, i + 4, 2)) * 60_000;
  return sign === 43 ? ms - offset : ms + offset;
}

/** An RFC 3339 timestamp with an explicit offset ("Z" or "+02:00"). */
export const Instant = z.iso.datetime({ offset: true }).refine(isRealInstant, 'not a real date and time');
/** A calendar date, YYYY-MM-DD. */
export const LocalDate = z.iso.date().refine(isRealDate, 'not a real date');

const text = (max: number) => z.string().trim().min(1).max(max);

const EventBase = {
  device_id: text(200),
  observed_at: Instant,
  event_id: text(200).optional(),
};

/** Device attributes as the source knows them; omitted fields keep their stored value. */
export const InventoryEvent = z.object({
  type: z.literal('inventory'),
  ...EventBase,
  serial: z.string().max(200).optional(),
  kind: z.enum(DeviceKinds).optional(),
  manufacturer: text(200).optional(),
  model: text(200).optional(),
  os_name: text(100).optional(),
  os_version: text(100).optional(),
  asset_tag: text(100).optional(),
  name: text(200).optional(),
  assignment: z.enum(Assignments).optional(),
  status: z.enum(DeviceStatuses).optional(),
  establishment_uai: z
    .string()
    .regex(/^\d{7}[A-Z]$/, 'UAI is 7 digits and a letter')
    .optional(),
  cart: text(100).optional(),
  acquired_on: LocalDate.optional(),
  warranty_end: LocalDate.optional(),
  support_end: LocalDate.optional(),
  battery_health_pct: z.number().min(0).max(100).optional(),
  storage_total_mb: z.number().int().min(0).max(1e9).optional(),
  // Omitted: observed_at counts as a contact (an agent on the device sends its own inventory).
  // null: the source states it never heard from the device (an MDM record of a device never connected).
  last_contact: Instant.nullable().optional(),
});

/** A check-in: the device was on and reachable at observed_at. */
export const HeartbeatEvent = z.object({
  type: z.literal('heartbeat'),
  ...EventBase,
  battery_pct: z.number().min(0).max(100).optional(),
  free_storage_mb: z.number().int().min(0).max(1e9).optional(),
  state: text(32).optional(),
});

/** One app session in the foreground. */
export const AppUsageEvent = z.object({
  type: z.literal('app_usage'),
  ...EventBase,
  app_id: text(200),
  app_name: text(200).optional(),
  category: z.enum(AppCategories).optional(),
  started_at: Instant,
  duration_s: z.number().int().min(0).max(86_400),
});

/** Active time the MDM measured for one local day (Google's activeTimeRanges). */
export const DailyActivityEvent = z.object({
  type: z.literal('daily_activity'),
  ...EventBase,
  date: LocalDate,
  active_seconds: z.number().int().min(0).max(86_400),
});

export const IngestEvent = z.discriminatedUnion('type', [InventoryEvent, HeartbeatEvent, AppUsageEvent, DailyActivityEvent]);
export type IngestEvent = z.infer<typeof IngestEvent>;
export type InventoryEvent = z.infer<typeof InventoryEvent>;
export type HeartbeatEvent = z.infer<typeof HeartbeatEvent>;
export type AppUsageEvent = z.infer<typeof AppUsageEvent>;
export type DailyActivityEvent = z.infer<typeof DailyActivityEvent>;
export const IngestEventTypes = ['inventory', 'heartbeat', 'app_usage', 'daily_activity'] as const;

/** The JSON body of POST /v1/ingest/events. Items are validated one by one, not here. */
export const IngestEnvelope = z.object({
  source: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9._-]{0,62}$/i, 'source is 1-63 letters, digits, dots, dashes or underscores'),
  events: z.array(z.unknown()).min(1, 'events must not be empty'),
});
export type IngestEnvelope = z.infer<typeof IngestEnvelope>;
