// MDM timestamps come in five shapes (docs/connectors.md): RFC 3339, zone-less local text (GLPI,
// Jamf School), epoch milliseconds as numbers (Headwind) or strings (Google), and sentinels that
// mean "never" (0001-01-01, 9999-12-31, Go's zero time). All become RFC 3339 UTC or null.

const SENTINEL_YEARS = new Set(['0000', '0001', '1970', '9999']);
const ZONELESS = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** Offset of `zone` from UTC at the given instant, in minutes. */
function offsetMinutes(utcMs: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - utcMs) / 60_000);
}

/** A wall-clock time in `zone` as epoch ms (two passes settle the offset across DST changes). */
function zonedToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  let utc = wall - offsetMinutes(wall, zone) * 60_000;
  utc = wall - offsetMinutes(utc, zone) * 60_000;
  return utc;
}

/** Any MDM timestamp as an ISO instant (UTC), or null for empty values and sentinels. */
export function toInstant(value: unknown, zone: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  let ms: number;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d{11,14}$/.test(value))) {
    ms = Number(value);
    if (ms <= 0) return null;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (SENTINEL_YEARS.has(text.slice(0, 4))) return null;
    const local = ZONELESS.exec(text);
    if (local) {
      const [, y, mo, d, h, mi, s] = local.map(Number) as number[];
      ms = zonedToUtc(y!, mo!, d!, h!, mi!, Number.isNaN(s) ? 0 : (s ?? 0), zone);
    } else {
      ms = Date.parse(text);
    }
  } else {
    return null;
  }
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(ms).toISOString();
  return SENTINEL_YEARS.has(iso.slice(0, 4)) ? null : iso;
}

/** The calendar date part of any MDM date or timestamp, or null. */
export function toLocalDate(value: unknown, zone: string): string | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())) {
    const text = value.trim();
    return SENTINEL_YEARS.has(text.slice(0, 4)) ? null : text;
  }
  const instant = toInstant(value, zone);
  if (!instant) return null;
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}
