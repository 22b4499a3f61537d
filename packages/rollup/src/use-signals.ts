import { addDays } from '@vigie/calendar';

/** A device-day that carried a use signal: an MDM measure, or app sessions. */
export interface UseEvidence {
  day: string;
  kind: string;
  /** Sources the device is known to (device_sources). */
  sources: readonly string[];
}

/** Whether a device-day carries a use signal (measured by the MDM, or app sessions). */
export const carriesUse = (d: { measuredSeconds: number | null; usageSeconds: number }) => d.measuredSeconds !== null || d.usageSeconds > 0;

/** First day of the window of `windowDays` calendar days ending on `day`. */
export const useWindowStart = (day: string, windowDays: number) => addDays(day, 1 - windowDays);

/**
 * Whether use signals are available for a device on a day (docs/indicators.md, "Signaux d'usage
 * disponibles"): a device of its establishment of the same kind, known to one of its sources (the
 * device itself included), carried use on one of the `windowDays` calendar days ending on that day.
 * Then its source delivers use for that class of device, and a day on without use is not use.
 */
export function useSignalsAvailable(
  device: { kind: string; sources: readonly string[] },
  day: string,
  evidence: readonly UseEvidence[],
  windowDays: number,
): boolean {
  const from = useWindowStart(day, windowDays);
  return evidence.some((e) => e.day >= from && e.day <= day && e.kind === device.kind && e.sources.some((s) => device.sources.includes(s)));
}
