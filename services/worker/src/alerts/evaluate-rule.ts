import {
  addDays,
  LESSON_HOURS,
  localDate,
  localParts,
  shippedHolidayPeriods,
  type HolidayPeriod,
  type SchoolCalendar,
} from '@vigie/calendar';
import type { AlertRuleKind, RuleParams } from '@vigie/contracts';
import { establishmentCalendar, recentSchoolDays } from '@vigie/rollup';
import { lowActivityRate, type RolledUpDay } from './activity-rate.ts';
import { establishmentOutage } from './establishment-outage.ts';
import { failingSources, type SourceRuns } from './failing-sources.ts';
import { paramsFor, type DeviceFacts, type Firing } from './firing.ts';
import { idleDevices, unusedCarts, type CartDayFacts, type DayDecisions } from './idle-devices.ts';
import { idleWindow } from './idle-window.ts';
import { obsoleteDevices } from './obsolete-devices.ts';
import { offlineDevices } from './offline-devices.ts';

export interface EstablishmentFacts {
  id: string;
  type: string;
  calendar_zone: string;
  rhythm: string | null;
  alsace_moselle: boolean;
  time_zone: string;
  /** Its school calendar (imported periods, exceptions, the tenant's rhythm); else the shipped one. */
  calendar?: SchoolCalendar;
}

/** Everything the rules of one tenant read, loaded once per evaluation. */
export interface TenantFacts {
  now: Date;
  defaultTimeZone: string;
  /** The tenant's small-group threshold (rollup setting `min_group_devices`): smaller groups' rates are withheld. */
  minGroupDevices: number;
  establishments: EstablishmentFacts[];
  devices: DeviceFacts[];
  sources: SourceRuns[];
  /** Establishment id -> local day -> its rolled-up totals (establishment_days): rates, outages, idle windows. */
  rolledUp: ReadonlyMap<string, ReadonlyMap<string, RolledUpDay>>;
  /** Establishment id -> the rollup's device decisions on the days of its idle windows (device_activity). */
  decisions: ReadonlyMap<string, DayDecisions>;
  /** Establishment id -> its cart-days on the days of its idle windows (cart_days). */
  cartDays: ReadonlyMap<string, CartDayFacts>;
}

export interface RuleToEvaluate {
  kind: AlertRuleKind;
  params: Record<string, unknown>;
  overrides: Record<string, Record<string, unknown>>;
}

export interface Evaluation {
  firings: Firing[];
  /** Establishments whose subjects were not judged (not a school day there): their alerts stay as they are. */
  skippedEstablishments: Set<string>;
}

let periods: HolidayPeriod[] | null = null;

// The rollup's calendar of the establishment (zone, rhythm, Alsace-Moselle), so alerts and
// indicators count the same school days.
function schoolDay(e: EstablishmentFacts, now: Date): { calendar: SchoolCalendar; localToday: string } {
  periods ??= shippedHolidayPeriods();
  return { calendar: e.calendar ?? establishmentCalendar(e, periods), localToday: localDate(now, e.time_zone) };
}

/** The last `n` school days strictly before today, newest first. */
const lastSchoolDays = (calendar: SchoolCalendar, today: string, n: number) => recentSchoolDays(calendar, addDays(today, -1), n);

/** Judged on school days once lessons have run two hours: before, silence is the norm. */
export function outageJudgedNow(e: EstablishmentFacts, now: Date): boolean {
  const { calendar, localToday } = schoolDay(e, now);
  const local = localParts(now, e.time_zone);
  return calendar.isSchoolDay(localToday) && local.hour * 60 + local.minute >= LESSON_HOURS.morning.from + 120;
}

/** Which subjects a rule fires for now. Pure: every fact comes in `facts`. */
export function evaluateRule(rule: RuleToEvaluate, facts: TenantFacts): Evaluation {
  const skipped = new Set<string>();
  // Parsed once per establishment, not once per device.
  const parsed = new Map<string, unknown>();
  const p = <K extends AlertRuleKind>(kind: K, establishmentId: string | null): RuleParams<K> => {
    const key = `${kind}|${establishmentId ?? ''}`;
    if (!parsed.has(key)) parsed.set(key, paramsFor(kind, rule.params, rule.overrides, establishmentId));
    return parsed.get(key) as RuleParams<K>;
  };
  const today = (establishmentId: string | null) => {
    const e = facts.establishments.find((x) => x.id === establishmentId);
    return localDate(facts.now, e?.time_zone ?? facts.defaultTimeZone);
  };
  switch (rule.kind) {
    case 'device_offline':
      return { firings: offlineDevices(facts.devices, (e) => p('device_offline', e).days, facts.now), skippedEstablishments: skipped };
    case 'device_obsolete':
      return { firings: obsoleteDevices(facts.devices, (e) => p('device_obsolete', e), today(null)), skippedEstablishments: skipped };
    case 'source_sync_failing':
      return {
        firings: failingSources(facts.sources, p('source_sync_failing', null).consecutive_failures),
        skippedEstablishments: skipped,
      };
    case 'device_idle':
    case 'cart_unused': {
      const kind = rule.kind;
      const windows = new Map<string, string[] | null>();
      for (const e of facts.establishments) {
        const { calendar, localToday } = schoolDay(e, facts.now);
        // No idle alert opens or resolves on a day without school there: holidays, weekends, days off.
        if (!calendar.isSchoolDay(localToday)) {
          skipped.add(e.id);
          windows.set(e.id, null);
          continue;
        }
        windows.set(e.id, idleWindow(facts.rolledUp.get(e.id), localToday, p(kind, e.id).school_days));
      }
      const firings =
        kind === 'device_idle'
          ? idleDevices(
              facts.devices,
              (e) => windows.get(e) ?? null,
              (e) => p(kind, e).school_days,
              (e) => facts.decisions.get(e),
            )
          : facts.establishments.flatMap((e) =>
              unusedCarts(e.id, windows.get(e.id) ?? null, p(kind, e.id).school_days, facts.cartDays.get(e.id)),
            );
      return { firings, skippedEstablishments: skipped };
    }
    case 'activity_rate_low': {
      const firings = facts.establishments.flatMap((e) => {
        const { calendar, localToday } = schoolDay(e, facts.now);
        if (!calendar.isSchoolDay(localToday)) {
          skipped.add(e.id);
          return [];
        }
        const params = p('activity_rate_low', e.id);
        return lowActivityRate(
          e.id,
          lastSchoolDays(calendar, localToday, params.school_days),
          facts.rolledUp.get(e.id) ?? new Map(),
          params,
          facts.minGroupDevices,
        );
      });
      return { firings, skippedEstablishments: skipped };
    }
    case 'establishment_outage': {
      const firings = facts.establishments.flatMap((e) => {
        if (!outageJudgedNow(e, facts.now)) {
          skipped.add(e.id);
          return [];
        }
        return establishmentOutage(e.id, facts.rolledUp.get(e.id)?.get(localDate(facts.now, e.time_zone)));
      });
      return { firings, skippedEstablishments: skipped };
    }
  }
}
