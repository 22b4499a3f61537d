import { addDays } from '@vigie/calendar';
import { RollupDefaults } from '@vigie/contracts';
import type { DeviceDayTruth } from './device-day-truth.ts';

// Vigie's documented rule of use signals (docs/indicators.md, "Signaux d'usage disponibles"),
// written from the definition and not from Vigie's code: use signals are available for a device on
// a day when a device of its establishment, of its kind, known to one of its sources, carried use
// (a measure or app sessions) on one of the window's calendar days ending on that day.

export const USE_SIGNAL_WINDOW_DAYS = RollupDefaults.use_signal_window_days;

const carriedUse = (r: DeviceDayTruth) => r.expected_measured_seconds !== null || r.expected_usage_seconds > 0;

/** The days each (establishment, kind, source) carried use on, from the device-days seen so far. */
export class UseSignals {
  private readonly days = new Map<string, Set<string>>();

  record(rows: Iterable<DeviceDayTruth>) {
    for (const r of rows) {
      if (!carriedUse(r)) continue;
      for (const source of r.known_to) {
        const key = `${r.uai}/${r.kind}/${source}`;
        this.days.set(key, (this.days.get(key) ?? new Set()).add(r.date));
      }
    }
  }

  available(uai: string, kind: string, sources: readonly string[], date: string, windowDays = USE_SIGNAL_WINDOW_DAYS): boolean {
    return sources.some((source) => {
      const days = this.days.get(`${uai}/${kind}/${source}`);
      if (!days) return false;
      for (let back = 0; back < windowDays; back++) if (days.has(addDays(date, -back))) return true;
      return false;
    });
  }
}

/**
 * The device-days judged as Vigie judges them once every device-day of the window is known: a
 * presence-only day of a device with use signals available is not active (on without use).
 * Record every row of the window (and of the day) in `signals` before judging.
 */
export function judgeOnUse<T extends DeviceDayTruth>(rows: readonly T[], signals: UseSignals): T[] {
  return rows.map((r) => {
    const available = signals.available(r.uai, r.kind, r.known_to, r.date);
    const presenceOnly = r.expected_signal === 'presence';
    return {
      ...r,
      expected_judged_on_use: r.expected_judged_on_use || available,
      expected_active: presenceOnly && available ? false : r.expected_active,
      extra_judged_on_use: r.extra_records > 0 && signals.available(r.uai, r.kind, ['glpi'], r.date),
    };
  });
}

/** judgeOnUse over a complete set of device-days (every day of every window included). */
export function judgedOnUse<T extends DeviceDayTruth>(rows: readonly T[]): T[] {
  const signals = new UseSignals();
  signals.record(rows);
  return judgeOnUse(rows, signals);
}
