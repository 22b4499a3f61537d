import { neutralName } from '@vigie/contracts';

// Units normalised to Vigie's: MB (10^6 bytes, as storage vendors count) and percent.

/** A count that may arrive as an int64 string ("16695300096"), a number or nothing. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

export const bytesToMb = (value: unknown) => scale(value, 1e-6);
export const gbToMb = (value: unknown) => scale(value, 1000);
export const mbToMb = (value: unknown) => scale(value, 1);
/** Mebibytes (2^20 bytes), as Jamf Pro's mobile-device capacityMb counts, to MB. */
export const mibToMb = (value: unknown) => scale(value, 1.048576);

function scale(value: unknown, factor: number): number | null {
  const n = toNumber(value);
  if (n === null || n < 0) return null;
  return Math.round(n * factor);
}

/** A battery level given as a 0-1 fraction (Apple, Jamf School); -1 means unknown. */
export function fractionToPercent(value: unknown): number | null {
  const n = toNumber(value);
  if (n === null || n < 0 || n > 1) return null;
  return Math.round(n * 1000) / 10;
}

/** A 0-100 percentage; anything outside the range is unknown. */
export function percent(value: unknown): number | null {
  const n = toNumber(value);
  return n === null || n < 0 || n > 100 ? null : n;
}

/** Google durations such as "1843.512s" as whole seconds. */
export function durationSeconds(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = /^(\d+(?:\.\d+)?)s$/.exec(value.trim());
  return match ? Math.round(Number(match[1])) : null;
}

/** Text an MDM may fill with nothing or an HTML placeholder (GLPI's "&nbsp;"). */
export function text(value: unknown, max = 200): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const cleaned = String(value)
    .replace(/&nbsp;/g, ' ')
    .replace(/\u00a0/g, ' ')
    .trim();
  return cleaned === '' ? undefined : cleaned.slice(0, max);
}

/** A device name to send: personal-looking names become a neutral label before leaving the connector. */
export function deviceName(value: unknown): { name?: string } {
  const name = text(value);
  return name ? { name: neutralName(name) } : {};
}

/** The serial as sent: `''` when the MDM sends the field with no usable value, nothing when it leaves the field out. */
export const sentSerial = (value: unknown): { serial?: string } => (value === undefined ? {} : { serial: text(value) ?? '' });

/** The place names a record has for the mapping rules to match; the ones the MDM left empty are left out. */
export const placeKeysOf = (...names: (string | undefined)[]): string[] => names.filter((k): k is string => Boolean(k));

/** `{ key: value }` when value is defined, else `{}`: keeps undefined out of events. */
export function opt<K extends string, V>(key: K, value: V | undefined | null): { [P in K]?: V } {
  return value === undefined || value === null ? {} : ({ [key]: value } as { [P in K]?: V });
}

/** A JSON object, or null for anything else (arrays included): how mappers read nested MDM fields. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A device's storage size, left out when the MDM reports none (0 means unknown there). */
export const totalStorage = (totalMb: number | null) => opt('storage_total_mb', totalMb || undefined);

/** Free storage, only alongside a known size: without it the figure says nothing of how full a device is. */
export const freeStorage = (freeMb: number | null, totalMb: number | null) =>
  freeMb !== null && totalMb ? { free_storage_mb: freeMb } : {};
