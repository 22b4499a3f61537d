import type { z } from 'zod';
import type { ErrorCode, ItemResult } from './api-error.ts';
import { IngestEvent, IngestEventTypes, instantMs } from './ingest-events.ts';
import { findPersonalField } from './personal-data.ts';
import { findUnstorableText } from './storable-text.ts';

const DATE_FIELDS = new Set(['observed_at', 'started_at', 'date', 'acquired_on', 'warranty_end', 'support_end']);

// Shared by the push route and the pull worker: one validation rule whichever way events arrive.

/** The accepted time window of observations, in epoch ms: older ones would fall outside retention. */
export interface TimeWindow {
  oldest: number;
  newest: number;
}

/** The window from `retentionDays` back to `futureMinutes` ahead of `now` (epoch ms). */
export function timeWindow(now: number, retentionDays: number, futureMinutes: number): TimeWindow {
  return { oldest: now - retentionDays * 86_400_000, newest: now + futureMinutes * 60_000 };
}

export type EventCheck = { ok: true; event: IngestEvent } | { ok: false; result: ItemResult };

const reject = (index: number, code: ErrorCode, field: string | null, message: string): EventCheck => ({
  ok: false,
  result: { index, status: 'rejected', code, field, message },
});

function codeOf(issue: z.core.$ZodIssue, field: string): ErrorCode {
  if (DATE_FIELDS.has(field) && (issue.code === 'invalid_format' || issue.code === 'custom')) return 'invalid_date';
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'number') return 'out_of_range';
  return 'invalid_field';
}

/** Validates one item of a batch: type, personal data, the shared schema, then the time window. */
export function checkEvent(raw: unknown, index: number, window: TimeWindow): EventCheck {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return reject(index, 'invalid_field', null, 'an event is a JSON object');
  const type = (raw as { type?: unknown }).type;
  if (typeof type !== 'string' || !(IngestEventTypes as readonly string[]).includes(type)) {
    return reject(index, 'unknown_type', 'type', `type must be one of ${IngestEventTypes.join(', ')}`);
  }
  const personal = findPersonalField(raw);
  if (personal) return reject(index, 'personal_data', personal, `"${personal}" carries personal data, which Vigie never stores; drop it at the connector`);
  const unstorable = findUnstorableText(raw);
  if (unstorable) return reject(index, 'invalid_field', unstorable, `${unstorable} holds a NUL character (\\u0000), which no text field can store`);
  const parsed = IngestEvent.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.');
    return reject(index, codeOf(issue, field), field || null, issue.message);
  }
  const event = parsed.data;
  const times: [string, string][] = [['observed_at', event.observed_at]];
  if (event.type === 'app_usage') times.push(['started_at', event.started_at]);
  for (const [field, value] of times) {
    const at = instantMs(value);
    if (at < window.oldest || at > window.newest) {
      return reject(index, 'out_of_range', field, `${field} must lie between ${new Date(window.oldest).toISOString()} and ${new Date(window.newest).toISOString()}`);
    }
  }
  return { ok: true, event };
}
