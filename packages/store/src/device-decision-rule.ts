import { sql, type RawBuilder } from 'kysely';

/** Thresholds of the activity decision (@vigie/rollup activityThresholds). */
export interface ActivityThresholds {
  activeSeconds: number;
  presenceMinLessonSlots: number;
}

/** A day's facts as SQL: constants for one day, a row's columns for several. */
export interface DayTerms {
  day: RawBuilder<unknown>;
  schoolDay: RawBuilder<unknown>;
  lessonMask: RawBuilder<unknown>;
}

/**
 * The rule of @vigie/rollup decideActivity in SQL (measure > usage > presence in lesson hours, the
 * night-charging pattern discounted, presence only for devices without use signals), over `d` (the
 * device), `dd` (its device day, or nulls) and `u.use_available`. The one-day rollup and the
 * several-day recompute both read it from here, so their decisions cannot drift apart.
 * `measures` (alias m) goes before the caller's `u`, `signal` (alias s) after it.
 */
export function decisionRule(f: DayTerms, nightMask: string, timeZone: string, t: ActivityThresholds) {
  const nightSlots = [...nightMask].filter((c) => c === '1').length;
  const measures = sql`CROSS JOIN LATERAL (SELECT
        COALESCE(bit_count(dd.presence), 0)::int AS seen,
        COALESCE(bit_count(dd.presence & ${f.lessonMask}), 0)::int AS lesson_slots,
        COALESCE(bit_count(dd.presence & ${nightMask}::bit(96)), 0)::int AS night_slots,
        LEAST(COALESCE(dd.usage_seconds, 0), 86400) AS usage,
        dd.measured_seconds AS measured,
        COALESCE(dd.heartbeats, 0) AS heartbeats,
        COALESCE(bit_count(dd.presence & ${f.lessonMask}), 0) >= ${t.presenceMinLessonSlots}
          AND COALESCE(bit_count(dd.presence & ${nightMask}::bit(96)), 0) * 2 < ${nightSlots} AS in_lessons) m`;
  const signal = sql`CROSS JOIN LATERAL (SELECT
        d.status = 'in_service' AND d.assignment IS DISTINCT FROM 'stock'
          AND COALESCE(d.acquired_on, (d.first_seen AT TIME ZONE ${timeZone})::date) <= ${f.day} AS in_service,
        CASE WHEN m.measured IS NOT NULL THEN 'measured' WHEN m.usage > 0 THEN 'usage'
             WHEN m.seen = 0 AND m.heartbeats = 0 THEN 'none'
             WHEN m.night_slots * 2 >= ${nightSlots} THEN 'presence_discounted' WHEN u.use_available THEN 'presence_unused'
             ELSE 'presence' END AS signal) s`;
  const columns = sql`d.kind, d.assignment, d.cart_id, s.in_service, ${f.schoolDay} AS school_day,
        m.seen > 0 OR m.heartbeats > 0 OR m.usage > 0 OR COALESCE(m.measured, 0) > 0 AS online,
        CASE s.signal WHEN 'measured' THEN m.measured >= ${t.activeSeconds} WHEN 'usage' THEN m.usage >= ${t.activeSeconds}
                      WHEN 'presence' THEN m.in_lessons ELSE false END AS active,
        s.signal,
        CASE s.signal WHEN 'measured' THEN m.measured WHEN 'usage' THEN m.usage ELSE 0 END AS active_seconds,
        m.lesson_slots,
        CASE s.signal WHEN 'presence' THEN m.lesson_slots * 900 ELSE 0 END AS inferred_seconds,
        s.signal IN ('measured', 'usage') OR u.use_available AS judged_on_use,
        CASE s.signal WHEN 'measured' THEN m.measured >= ${t.activeSeconds} OR m.in_lessons WHEN 'usage' THEN m.usage >= ${t.activeSeconds} OR m.in_lessons
                      WHEN 'presence' THEN m.in_lessons WHEN 'presence_unused' THEN m.in_lessons ELSE false END AS presence_active`;
  return { measures, signal, columns };
}

/** The decision's columns as device_activity names them (an INSERT's list, a comparison's). */
export const DECISION_COLUMNS = [
  'kind',
  'assignment',
  'cart_id',
  'in_service',
  'school_day',
  'online',
  'active',
  'signal',
  'active_seconds',
  'lesson_slots',
  'inferred_seconds',
  'judged_on_use',
  'presence_active',
] as const;

/** `(a.kind, a.assignment, …)` for a table alias: both sides of a "has the decision changed" test. */
export const decisionTuple = (alias: string) => sql.raw(`(${DECISION_COLUMNS.map((c) => `${alias}.${c}`).join(', ')})`);

/** `kind = EXCLUDED.kind, …`: an upsert rewriting the whole decision. */
export const DECISION_UPDATE = sql.raw(DECISION_COLUMNS.map((c) => `${c} = EXCLUDED.${c}`).join(', '));
