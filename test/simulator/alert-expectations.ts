import {
  deviceDayTruth,
  inventoryEvents,
  judgedOnUse,
  type Delivered,
  type Device,
  type FleetPlan,
  type SimulatedDeviceDay,
} from '@vigie/simulator';

// What the alert rules should find in a simulated fleet, from the simulator's truth and deliveries
// only (docs/alerts.md for each rule), never from Vigie's own tables.

export interface SimulatedDeliveries {
  plan: FleetPlan;
  devices: readonly Device[];
  /** Every simulated device-day, with its deliveries. */
  simulated: readonly SimulatedDeviceDay[];
  /** Every activity delivery, in delivery order. */
  queue: readonly Delivered[];
}

// Vigie's "in service" for alerts: listed in service, not stock (a broken or lost device still is).
export const listedInService = (d: Device) => d.status === 'in_service' && d.group.assignment !== 'stock';

export function alertExpectations({ plan, devices, simulated, queue }: SimulatedDeliveries) {
  /**
   * Serials Vigie should judge active on one of these local dates from what was delivered by `at`
   * (the truth's rule, docs/indicators.md "Jour actif", with the use signals delivered by then).
   */
  function activeOn(window: readonly string[], at: string): Set<string> {
    const until = Date.parse(at);
    const asDelivered = judgedOnUse(
      simulated.map((s) =>
        deviceDayTruth(
          s.day,
          s.delivered.filter((d) => d.deliverAt <= until),
        ),
      ),
    );
    return new Set(asDelivered.filter((t) => window.includes(t.date) && t.expected_active).map((t) => t.serial));
  }
  const expectedIdle = (window: readonly string[], at: string) => {
    const active = activeOn(window, at);
    return devices
      .filter((d) => listedInService(d) && !active.has(d.serial))
      .map((d) => d.serial)
      .sort();
  };
  const expectedUnusedCarts = (window: readonly string[], at: string) => {
    const active = activeOn(window, at);
    const carts = new Map<string, boolean>();
    for (const d of devices.filter((x) => x.group.cart && listedInService(x))) {
      const key = `${d.establishment.uai}/${d.group.cart}`;
      carts.set(key, (carts.get(key) ?? false) || active.has(d.serial));
    }
    return [...carts]
      .filter(([, used]) => !used)
      .map(([key]) => key)
      .sort();
  };

  /** The last observation of each serial delivered by `at`, inventory included. */
  function lastObserved(at: string): Map<string, number> {
    const until = Date.parse(at);
    const serialOf = new Map<string, string>();
    for (const d of devices) {
      serialOf.set(d.sources.activityId, d.serial);
      if (d.sources.reenrolledId) serialOf.set(d.sources.reenrolledId, d.serial);
      if (d.sources.glpi) serialOf.set(d.sources.glpi.id, d.sources.glpi.serial);
    }
    const last = new Map<string, number>();
    const see = (deviceId: string, observedAt: string) => {
      const serial = serialOf.get(deviceId)!;
      last.set(serial, Math.max(last.get(serial) ?? 0, Date.parse(observedAt)));
    };
    for (const d of inventoryEvents(plan, Date.parse('2026-10-12T02:00:00Z'))) see(d.event.device_id, d.event.observed_at);
    for (const d of queue) if (d.deliverAt <= until) see(d.event.device_id, d.event.observed_at);
    return last;
  }
  const expectedOffline = (at: string, days: number) => {
    const last = lastObserved(at);
    return devices
      .filter((d) => listedInService(d) && Date.parse(at) - last.get(d.serial)! >= days * 86_400_000)
      .map((d) => d.serial)
      .sort();
  };

  /** docs/alerts.md, device_obsolete: support end, warranty end and age limit falling before today + 6 months. */
  function expectedObsolete(today: string) {
    const plus = (date: string, months: number) => {
      const d = new Date(`${date}T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + months);
      return d.toISOString().slice(0, 10);
    };
    const horizon = plus(today, 6);
    const maxAge: Record<string, number> = { tablet: 5, laptop: 6, desktop: 7, chromebook: 6, interactive_display: 8 };
    const out = new Map<string, string[]>();
    for (const d of devices) {
      if (d.status === 'retired' || d.status === 'lost') continue;
      const reasons = [
        ...(d.model.supportEnd <= horizon ? [`support_end:${d.model.supportEnd}`] : []),
        ...(d.warrantyEnd <= horizon ? [`warranty_end:${d.warrantyEnd}`] : []),
        ...(plus(d.acquiredOn, maxAge[d.model.kind]! * 12) <= horizon ? [`age:${plus(d.acquiredOn, maxAge[d.model.kind]! * 12)}`] : []),
      ];
      if (reasons.length) out.set(d.serial, reasons);
    }
    return out;
  }
  return { activeOn, expectedIdle, expectedUnusedCarts, expectedOffline, expectedObsolete };
}
