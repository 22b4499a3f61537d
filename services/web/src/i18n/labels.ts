import { fr, type MessageKey } from './catalogue.ts';

/** The label of a vocabulary value ("kind" + "tablet" → "Tablettes"), or the value itself if the catalogue lacks it. */
export function labelOf(t: (key: MessageKey) => string, family: string, value: string): string {
  const key = `${family}.${value}`;
  return key in fr ? t(key as MessageKey) : value;
}

/**
 * A device's (or one source record's) last_seen as `shown` writes it, or "Jamais connecté" when no
 * source ever reported a contact (last_seen null): never a dash, which would read as "unknown".
 */
export function lastSeenLabel(t: (key: MessageKey) => string, lastSeen: string | null, shown: (iso: string) => string): string {
  return lastSeen === null ? t('devices.neverConnected') : shown(lastSeen);
}
