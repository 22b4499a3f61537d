// Wall-clock arithmetic in IANA time zones with Intl only: no dependency, and DST handled by the
// platform's tz database.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  date: string;
  hour: number;
  minute: number;
  second: number;
  /** 1 = Monday ... 7 = Sunday */
  isoWeekday: number;
}

/** The wall-clock date and time of an instant in a time zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const ms = instant.getTime();
  const wall = new Date(Math.floor(ms / 1000) * 1000 + offsetAt(ms, timeZone));
  const date = wall.toISOString().slice(0, 10);
  return { date, hour: wall.getUTCHours(), minute: wall.getUTCMinutes(), second: wall.getUTCSeconds(), isoWeekday: isoWeekday(date) };
}

// Asking Intl for every instant costs microseconds each, and the ingest worker asks for every
// observation. Offsets are kept per quarter hour: a quarter hour whose two ends show the same
// offset has it throughout (offsets change at most once within one), else the instant is asked.
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, Map<number, number>>();
const MAX_CACHED_OFFSETS = 100_000;

function offsetAt(ms: number, timeZone: string): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const cached = zone.get(quarter);
  if (cached !== undefined) return cached;
  const start = quarter * QUARTER_HOUR_MS;
  const first = intlOffset(start, timeZone);
  if (first !== intlOffset(start + QUARTER_HOUR_MS - 1000, timeZone)) return intlOffset(ms, timeZone);
  if (zone.size >= MAX_CACHED_OFFSETS) zone.clear();
  zone.set(quarter, first);
  return first;
}

/** Wall clock minus UTC at an instant, in ms, to the second. */
function intlOffset(ms: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

/**
 * The wall clock of `timeZone` at an instant, as ms since 1970-01-01T00:00 of that wall clock: the
 * cheap form for code that only needs the local day and time of many instants.
 */
export function wallClockMs(ms: number, timeZone: string): number {
  return ms + offsetAt(ms, timeZone);
}

export function localDate(instant: Date, timeZone: string): string {
  return localParts(instant, timeZone).date;
}

/** 1 = Monday ... 7 = Sunday, for a YYYY-MM-DD date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The instant at which the wall clock of `timeZone` shows `date` `minutes` after midnight. In the
 * spring gap the next valid instant is returned; in the autumn overlap, the first.
 */
export function zonedInstant(date: string, minutes: number, timeZone: string): Date {
  const wall = Date.parse(`${date}T00:00:00Z`) + minutes * 60_000;
  // Two passes converge on the offset in force at that wall time.
  let guess = wall;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = Date.parse(`${p.date}T00:00:00Z`) + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000;
    guess += wall - shown;
  }
  return new Date(guess);
}
