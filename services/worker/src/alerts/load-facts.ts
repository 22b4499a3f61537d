import { addDays, localDate, shippedHolidayPeriods, type HolidayPeriod } from '@vigie/calendar';
import { RuleParams } from '@vigie/contracts';
import { devices, establishmentDays, establishments, rollupSettings, syncRuns, type Db } from '@vigie/store';
import { schoolCalendars } from '../rollup/school-calendars.ts';
import type { RolledUpDay } from './activity-rate.ts';
import { loadIdleFacts } from './load-idle-facts.ts';
import { rollUpToday } from './roll-up-today.ts';
import type { SourceRuns } from './failing-sources.ts';
import type { TenantFacts } from './evaluate-rule.ts';
import type { RuleRow } from './apply-firings.ts';

// Enough calendar days to hold the longest school-day window a rule may ask (100 school days).
const ACTIVITY_LOOKBACK_DAYS = 220;
let holidays: HolidayPeriod[] | null = null;

/** Loads what the tenant's rules read, each table once per evaluation. */
export async function loadFacts(db: Db, tenantId: string, rules: RuleRow[], now: Date, defaultTimeZone: string): Promise<TenantFacts> {
  const kinds = new Set(rules.map((r) => r.kind));
  const today = localDate(now, defaultTimeZone);
  const sources: SourceRuns[] = [];
  if (kinds.has('source_sync_failing')) {
    const depth = Math.max(
      ...rules
        .filter((r) => r.kind === 'source_sync_failing')
        .map((r) => RuleParams.source_sync_failing.parse(r.params).consecutive_failures),
    );
    for (const run of await syncRuns.recentFinished(db, tenantId, depth)) {
      let s = sources.at(-1);
      if (!s || s.sourceId !== run.source_id) sources.push((s = { sourceId: run.source_id, name: run.name, runs: [] }));
      s.runs.push(run);
    }
  }
  holidays ??= shippedHolidayPeriods();
  const listed = await establishments.list(db, tenantId, null);
  const settings = await rollupSettings.get(db, tenantId);
  const calendars = await schoolCalendars(db, holidays, tenantId, listed, settings.weekly_rhythm);
  const places = listed.map((e) => ({ ...e, calendar: calendars.get(e.id)! }));
  const rolledUp = new Map<string, Map<string, RolledUpDay>>();
  if (kinds.has('establishment_outage')) await rollUpToday(db, holidays, tenantId, places, now);
  if (['establishment_outage', 'activity_rate_low', 'device_idle', 'cart_unused'].some((k) => kinds.has(k))) {
    for (const row of await establishmentDays.totals(db, tenantId, {
      from: addDays(today, -ACTIVITY_LOOKBACK_DAYS),
      to: addDays(today, 1),
    })) {
      const days = rolledUp.get(row.establishment_id) ?? new Map<string, RolledUpDay>();
      rolledUp.set(row.establishment_id, days.set(row.day, row));
    }
  }
  return {
    now,
    defaultTimeZone,
    minGroupDevices: settings.min_group_devices,
    establishments: places,
    devices: [...kinds].some((k) => k !== 'source_sync_failing') ? await devices.listForAlerts(db, tenantId) : [],
    sources,
    rolledUp,
    ...(await loadIdleFacts(db, tenantId, rules, places, rolledUp, now)),
  };
}
