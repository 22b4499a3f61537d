import type { z } from 'zod';
import type { ErrorCode, ItemResult } from './api-error.ts';
import {
  AppUsageEvent,
  DailyActivityEvent,
  HeartbeatEvent,
  IngestEvent,
  IngestEventTypes,
  instantMs,
  InventoryEvent,
} from './ingest-events.ts';
import { looksPersonal, NEUTRAL_NAME } from './device-name.ts';
import { isPersonalField } from './personal-data.ts';
import { findUnstorableText } from './storable-text.ts';

const DATE_FIELDS = new Set(['observed_at', 'started_at', 'date', 'acquired_on', 'warranty_end', 'support_end', 'last_contact']);
// Fields where null is a statement, not "unknown": last_contact null = the device never connected.
const NULL_STATES = new Set(['last_contact']);
const KNOWN_FIELDS: Record<string, Set<string>> = {
  inventory: new Set(Object.keys(InventoryEvent.shape)),
  heartbeat: new Set(Object.keys(HeartbeatEvent.shape)),
  app_usage: new Set(Object.keys(AppUsageEvent.shape)),
  daily_activity: new Set(Object.keys(DailyActivityEvent.shape)),
};

// Shared by the push route and the pull worker (through @vigie/accept): one rule whichever way events arrive.

/** The accepted time window of observations, in epoch ms: older ones would fall outside retention. */
export interface TimeWindow {
  oldest: number;
  newest: number;
}

/** The window from `retentionDays` back to `futureMinutes` ahead of `now` (epoch ms). */
export function timeWindow(now: number, retentionDays: number, futureMinutes: number): TimeWindow {
  return { oldest: now - retentionDays * 86_400_000, newest: now + futureMinutes * 60_000 };
}

/** An accepted event carries the warnings of the fields it was accepted without. */
export type EventCheck = { ok: true; event: IngestEvent; warnings: ItemResult[] } | { ok: false; result: ItemResult };

const reject = (index: number, code: ErrorCode, field: string | null, message: string): EventCheck => ({
  ok: false,
  result: { index, status: 'rejected', code, field, message },
});

const warning = (index: number, code: ErrorCode, field: string, message: string): ItemResult => ({
  index,
  status: 'accepted',
  code,
  field,
  message,
});

function codeOf(issue: z.core.$ZodIssue, field: string): ErrorCode {
  if (DATE_FIELDS.has(field) && (issue.code === 'invalid_format' || issue.code === 'custom')) return 'invalid_date';
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'number') return 'out_of_range';
  return 'invalid_field';
}

/**
 * The item without its personal, unknown and null fields, and a warning for each field dropped
 * that the sender should hear about. `null` means "unknown" and is dropped without a word. The
 * item is copied only when something is dropped: most are kept as they came.
 */
function scrub(raw: Record<string, unknown>, known: Set<string>, index: number) {
  let kept: Record<string, unknown> | null = null;
  const warnings: ItemResult[] = [];
  const personal: string[] = [];
  for (const key in raw) {
    if (!Object.hasOwn(raw, key)) continue;
    const value = raw[key];
    let drop = value === undefined || (value === null && !NULL_STATES.has(key));
    if (key === 'name' && typeof value === 'string' && raw.type === 'inventory' && looksPersonal(value)) {
      kept ??= { ...raw };
      kept[key] = NEUTRAL_NAME;
      warnings.push(
        warning(index, 'personal_data_removed', key, `the device name looks like it names a person: stored as "${NEUTRAL_NAME}"`),
      );
      continue;
    }
    if (!drop && isPersonalField(key, value)) {
      drop = true;
      personal.push(key);
      warnings.push(
        warning(
          index,
          'personal_data_removed',
          key,
          `"${key}" carries personal data, which Vigie never stores: removed, the rest of the item accepted; drop it at the sender`,
        ),
      );
    } else if (!drop && !known.has(key)) {
      drop = true;
      warnings.push(
        warning(
          index,
          'unknown_field',
          key,
          `"${key}" is not a field of a ${String(raw.type)} event: ignored (see the API documentation for the field names and units)`,
        ),
      );
    }
    if (drop) {
      kept ??= { ...raw };
      delete kept[key];
    }
  }
  return { item: kept ?? raw, warnings, personal };
}

/**
 * Validates one item of a batch: its type, then personal and unknown fields removed (with a
 * warning each), the shared schema, then the time window. The window bounds observations (check-ins,
 * sessions, daily activity); an inventory says that a device exists, which is never too old to
 * know, so only its future bound applies: a device last seen two years ago is kept with that date.
 */
export function checkEvent(raw: unknown, index: number, window: TimeWindow): EventCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return reject(index, 'invalid_field', null, 'an event is a JSON object');
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !(IngestEventTypes as readonly string[]).includes(type)) {
    return reject(index, 'unknown_type', 'type', `type must be one of ${IngestEventTypes.join(', ')}`);
  }
  const { item, warnings, personal } = scrub(raw as Record<string, unknown>, KNOWN_FIELDS[type]!, index);
  const unstorable = findUnstorableText(item);
  if (unstorable)
    return reject(index, 'invalid_field', unstorable, `${unstorable} holds a NUL character (\\u0000), which no text field can store`);
  const parsed = IngestEvent.safeParse(item);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    // A required field that carried personal data (an e-mail as device id) cannot be removed.
    if (personal.includes(field))
      return reject(index, 'personal_data', field, `"${field}" carries personal data, which Vigie never stores; send a neutral identifier`);
    return reject(index, codeOf(issue, field), field || null, issue.message);
  }
  const event = parsed.data;
  const times: [string, string][] = [['observed_at', event.observed_at]];
  if (event.type === 'app_usage') times.push(['started_at', event.started_at]);
  if (event.type === 'inventory' && event.last_contact) times.push(['last_contact', event.last_contact]);
  for (const [field, value] of times) {
    const at = instantMs(value);
    if ((at < window.oldest && event.type !== 'inventory') || at > window.newest) {
      return reject(
        index,
        'out_of_range',
        field,
        `${field} must lie between ${new Date(window.oldest).toISOString()} and ${new Date(window.newest).toISOString()}`,
      );
    }
  }
  return { ok: true, event, warnings };
}
