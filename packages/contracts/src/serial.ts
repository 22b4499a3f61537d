// Values MDMs and firmware put in the serial field when they do not know it. Merging devices on
// them would fuse unrelated machines, so they never count as a serial.
const PLACEHOLDERS = new Set([
  '',
  '0',
  '00000000',
  '000000000000',
  '123456789',
  '1234567890',
  'default string',
  'to be filled by o.e.m.',
  'to be filled by oem',
  'system serial number',
  'chassis serial number',
  'not specified',
  'not applicable',
  'none',
  'null',
  'n/a',
  'na',
  'unknown',
  'invalid',
  'default',
  'serial',
  'oem',
  'o.e.m.',
  '-',
  'x',
]);

/**
 * The key two sources' serials are compared on: trimmed, upper case, inner spaces removed; null for a
 * placeholder or a value made of one repeated character ("0000", "xxxx").
 */
export function serialKey(serial: string | null | undefined): string | null {
  if (serial == null) return null;
  const trimmed = serial.replace(/\u00a0/g, ' ').trim();
  if (PLACEHOLDERS.has(trimmed.toLowerCase())) return null;
  const key = trimmed.replace(/\s+/g, '').toUpperCase();
  if (key.length < 4 || /^(.)\1*$/.test(key)) return null;
  return key;
}
