import type { deviceContactDays, deviceDays, deviceSources, heartbeats, appUsage } from '@vigie/store';
import { contactOf, type ParsedBatch } from './parse-events.ts';

/** The devices a batch's external ids resolved to, and where each stands. */
export function placementsOf(resolved: Map<string, deviceSources.LinkedDevice>) {
  const byDevice = new Map([...resolved.values()].map((d) => [d.deviceId, d]));
  return {
    deviceOf: (externalId: string) => resolved.get(externalId)!.deviceId,
    placed: (deviceId: string) => byDevice.get(deviceId)!,
    establishmentIds: [...new Set([...byDevice.values()].flatMap((d) => (d.establishmentId ? [d.establishmentId] : [])))],
  };
}

export type Placements = ReturnType<typeof placementsOf>;

export function seenRows(batch: ParsedBatch, at: Placements) {
  return [...batch.seen].map(([externalId, range]) => ({
    deviceId: at.deviceOf(externalId),
    first: range.first,
    contact: batch.contacts.get(externalId)?.last ?? null,
  }));
}

/**
 * The contacts inventories report, on each device's clock: a check-in or a session leaves a
 * device-day, an inventory's contact only these (what a report for a past date reads as seen).
 */
export function inventoryContacts(batch: ParsedBatch, at: Placements): deviceContactDays.ContactAt[] {
  return batch.inventories.flatMap((e) => {
    const contact = contactOf(e);
    if (!contact) return [];
    const deviceId = at.deviceOf(e.device_id);
    return [{ deviceId, at: new Date(contact), timeZone: at.placed(deviceId).timeZone }];
  });
}

export function observationRows(
  batch: ParsedBatch,
  at: Placements,
): { heartbeats: heartbeats.HeartbeatRow[]; sessions: appUsage.SessionRow[] } {
  return {
    heartbeats: batch.heartbeats.map((e) => ({
      deviceId: at.deviceOf(e.device_id),
      observedAt: e.observed_at,
      batteryPct: e.battery_pct ?? null,
      freeStorageMb: e.free_storage_mb ?? null,
      state: e.state ?? null,
    })),
    sessions: batch.appUsage.map((e) => ({
      deviceId: at.deviceOf(e.device_id),
      startedAt: e.started_at,
      appId: e.app_id,
      appName: e.app_name ?? null,
      category: e.category ?? null,
      durationS: e.duration_s,
      observedAt: e.observed_at,
    })),
  };
}

/** Daily activity the MDM measured itself, on the device's establishment. */
export function measuredDays(batch: ParsedBatch, at: Placements): deviceDays.MeasuredDay[] {
  return batch.dailyActivity.map((e) => {
    const deviceId = at.deviceOf(e.device_id);
    return {
      deviceId,
      day: e.date,
      establishmentId: at.placed(deviceId).establishmentId,
      activeSeconds: e.active_seconds,
      observedAt: e.observed_at,
    };
  });
}

export function inventoriedDevices(batch: ParsedBatch, at: Placements) {
  return [...new Set(batch.inventories.map((e) => at.deviceOf(e.device_id)))];
}

/** Each inventory as an instant on its establishment's clock: it dirties its whole local day. */
export function inventoryInstants(batch: ParsedBatch, at: Placements) {
  return batch.inventories.map((e) => {
    const { establishmentId, timeZone } = at.placed(at.deviceOf(e.device_id));
    return { deviceId: null, establishmentId, timeZone, at: new Date(e.observed_at) };
  });
}
