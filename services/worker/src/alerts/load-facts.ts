import { addDays, localDate, shippedHolidayPeriods, type HolidayPeriod } from '@vigie/calendar';
import { RuleParams } from '@vigie/contracts';
import { deviceDays, devices, establishmentDays, establishments, syncRuns, type Db } from '@vigie/store';
import type { RolledUpDay } from './activity-rate.ts';
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
  const activeDays = new Map<number, Map<string, Set<string>>>();
  const today = localDate(now, defaultTimeZone);
  for (const r of rules) {
    if (r.kind !== 'device_idle' && r.kind !== 'cart_unused') continue;
    const min = RuleParams[r.kind].parse(r.params).min_active_seconds;
    if (!activeDays.has(min)) activeDays.set(min, await deviceDays.activeDays(db, tenantId, addDays(today, -ACTIVITY_LOOKBACK_DAYS), addDays(today, 1), min));
  }
  const sources: SourceRuns[] = [];
  if (kinds.has('source_sync_failing')) {
    const depth = Math.max(...rules.filter((r) => r.kind === 'source_sync_failing').map((r) => RuleParams.source_sync_failing.parse(r.params).consecutive_failures));
    for (const run of await syncRuns.recentFinished(db, tenantId, depth)) {
      let s = sources.at(-1);
      if (!s || s.sourceId !== run.source_id) sources.push((s = { sourceId: run.source_id, name: run.name, runs: [] }));
      s.runs.push(run);
    }
  }
  const places = await establishments.list(db, tenantId, null);
  const rolledUp = new Map<string, Map<string, RolledUpDay>>();
  if (kinds.has('establishment_outage')) await rollUpToday(db, (holidays ??= shippedHolidayPeriods()), tenantId, places, now);
  if (kinds.has('establishment_outage') || kinds.has('activity_rate_low')) {
    for (const row of await establishmentDays.totals(db, tenantId, { from: addDays(today, -ACTIVITY_LOOKBACK_DAYS), to: addDays(today, 1) })) {
      const days = rolledUp.get(row.establishment_id) ?? new Map<string, RolledUpDay>();
      rolledUp.set(row.establishment_id, days.set(row.day, row));
    }
  }
  return {
    now,
    defaultTimeZone,
    establishments: places,
    devices: [...kinds].some((k) => k !== 'source_sync_failing') ? await devices.listForAlerts(db, tenantId) : [],
    sources,
    activeDays,
    rolledUp,
  };
}
