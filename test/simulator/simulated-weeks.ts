import { localDate } from '@vigie/calendar';
import {
  datesFrom,
  establishmentDays,
  fleetDays,
  judgedOnUse,
  outageOn,
  planFleet,
  type Delivered,
  type DeviceDayTruth,
  type EstablishmentDayTruth,
  type ProvisionedTenant,
} from '@vigie/simulator';
import { createTestEnv, type TestEnv } from '../setup/test-env.ts';
import { ROLLUP_TEST_ENV } from '../setup/rollups.ts';
import { pushFleetAndRollUp } from '../setup/simulated-fleet.ts';

// Two simulated weeks (a collège near Paris, one in La Réunion whose network is down all day once a
// week) through the real API, worker and rollup jobs: the set-up the simulated-rollup tests compare.

export const plan = planFleet({
  seed: 2026,
  devices: 160,
  establishments: 2,
  tenantPrefix: 'simroll-',
  outageFromMinute: 0,
  outageToMinute: 24 * 60,
});
// Wednesday 25 to Tuesday 31 March 2026 (spring DST change on Sunday 29, outage on Monday 30) and
// Monday 9 to Sunday 15 November 2026 (Armistice on Wednesday 11, outage on Tuesday 10).
export const dates = [...datesFrom('2026-03-25', 7), ...datesFrom('2026-11-09', 7)];

/** A device-day truth with the device's fate and the simulated outage. */
export interface Row extends DeviceDayTruth {
  never_used: boolean;
  /** The outage establishment's outage date (the network down all day in these weeks). */
  network_outage: boolean;
}

export interface SimulatedWeeks {
  env: TestEnv;
  tenant: ProvisionedTenant;
  rows: Row[];
  truthDays: EstablishmentDayTruth[];
  /** Device-days outside the weeks that Vigie rolls up because an inventory record was observed on them. */
  inventoryRows: Row[];
  duplicateBatches: number;
  lateEvents: number;
}

/** Provisions the fleet, pushes inventory and activity in delivery order and waits until every day is rolled up. */
export async function rollUpSimulatedWeeks(name: string): Promise<SimulatedWeeks> {
  const env = await createTestEnv(ROLLUP_TEST_ENV);
  await env.startWorker();
  const { tenant, days, records, duplicateBatches, lateEvents } = await pushFleetAndRollUp(
    env,
    plan,
    dates,
    name,
    Date.parse('2026-11-09T03:00:00Z'),
  );
  const rows: Row[] = days.map(({ day, truth }) => ({
    ...truth,
    never_used: day.device.fate.kind === 'never_used',
    network_outage: outageOn(day.device, day.date),
  }));
  // Judged as Vigie judges them once everything is delivered: with the use signals of every day of the window.
  const judged = judgedOnUse([...rows, ...inventoryOnlyRows(records)]);
  const weeks = judged.slice(0, rows.length);
  return {
    env,
    tenant,
    rows: weeks,
    truthDays: [...establishmentDays(weeks)],
    inventoryRows: judged.slice(rows.length),
    duplicateBatches,
    lateEvents,
  };
}

/**
 * The truth of days outside the weeks on which an inventory record was observed (a device nobody
 * uses last synced weeks earlier, a broken one when it stopped): Vigie rolls them up with the
 * devices listed in service, and nothing of their activity, since the test pushes none.
 */
function inventoryOnlyRows(records: Delivered[]): Row[] {
  const marked = new Set<string>();
  for (const { event } of records) {
    const e = plan.establishments.find((x) => x.uai === (event.type === 'inventory' ? event.establishment_uai : null))!;
    const date = localDate(new Date(event.observed_at), e.timeZone);
    if (!dates.includes(date)) marked.add(`${e.uai}/${date}`);
  }
  const days = [...new Set([...marked].map((k) => k.slice(k.indexOf('/') + 1)))].sort();
  const rows: Row[] = [];
  for (const { day, truth } of fleetDays(plan, days)) {
    if (!marked.has(`${truth.uai}/${truth.date}`)) continue;
    rows.push({
      ...truth,
      never_used: day.device.fate.kind === 'never_used',
      network_outage: false,
      outage_all_day: false,
      online: false,
      online_slots: 0,
      heartbeats: 0,
      expected_usage_seconds: 0,
      expected_measured_seconds: null,
      expected_signal: 'none',
      expected_active_seconds: 0,
      expected_active: false,
      expected_in_lessons: false,
      expected_judged_on_use: false,
      expected_presence_active: false,
      started_session_morning: false,
      started_session_afternoon: false,
    });
  }
  return rows;
}
