import { dirtyDays } from '@vigie/rollup';
import { deviceActivity, deviceDays, devices, ingestBatches, observations, rollupDirty, type Db } from '@vigie/store';
import type { ParsedBatch } from './parse-events.ts';
import { deviceDayIncrements } from './device-day-increments.ts';
import { resolveDevices } from './resolve-devices.ts';

export interface StoreOutcome {
  /** The batches this call marked stored (the others already were: their rows counted nothing twice). */
  storedIds: Set<string>;
  events: number;
  heartbeatsNew: number;
  heartbeatsDuplicate: number;
  sessionsNew: number;
  sessionsDuplicate: number;
  devicesCreated: number;
  devicesMerged: number;
  inventoried: number;
  /** Establishment-days whose rollup this batch made out of date (marked in rollup_dirty). */
  dirty: { establishmentId: string; day: string; deviceIds: string[] | null }[];
  /** Establishments of the batch's devices, whose live counts may have changed. */
  establishmentIds: string[];
}

/**
 * Writes accepted batches of one source (one or a group): devices resolved first (committed on its own, idempotent), then in a
 * single transaction the devices' last-seen times, every observation, the device-day increments
 * they cause, the batches' "stored" marks and the establishment-days they make out of date.
 * Only rows the unique keys let in feed the increments, so replaying a batch changes nothing, and
 * a duplicate within a group counts once.
 */
export async function storeBatches(db: Db, tenantId: string, batchIds: string[], sourceId: string, batch: ParsedBatch): Promise<StoreOutcome> {
  const resolution = await resolveDevices(db, tenantId, sourceId, batch);
  const deviceOf = (externalId: string) => resolution.devices.get(externalId)!.deviceId;
  const placements = new Map([...resolution.devices.values()].map((d) => [d.deviceId, d]));
  const placed = (deviceId: string) => placements.get(deviceId)!;

  return db.transaction().execute(async (trx) => {
    // Lock order, always: devices, heartbeats, app_usage, device_days,
    // ingest_batches, rollup_dirty.
    await devices.touchSeen(trx, tenantId, [...batch.seen].map(([externalId, range]) => ({ deviceId: deviceOf(externalId), ...range })));
    const fresh = await observations.insertNew(trx, tenantId, sourceId, {
      heartbeats: batch.heartbeats.map((e) => ({
        deviceId: deviceOf(e.device_id), observedAt: e.observed_at, batteryPct: e.battery_pct ?? null, freeStorageMb: e.free_storage_mb ?? null, state: e.state ?? null,
      })),
      sessions: batch.appUsage.map((e) => ({
        deviceId: deviceOf(e.device_id), startedAt: e.started_at, appId: e.app_id, appName: e.app_name ?? null, category: e.category ?? null,
        durationS: e.duration_s, observedAt: e.observed_at,
      })),
    });
    const days = await deviceDays.add(
      trx, tenantId, deviceDayIncrements(fresh, placed),
      batch.dailyActivity.map((e) => {
        const deviceId = deviceOf(e.device_id);
        return { deviceId, day: e.date, establishmentId: placed(deviceId).establishmentId, activeSeconds: e.active_seconds, observedAt: e.observed_at };
      }),
    );

    // Data that arrived before the device's first inventory was counted nowhere: count it now.
    const inventoried = [...new Set(batch.inventories.map((e) => deviceOf(e.device_id)))];
    const placedLate = await deviceDays.followPlacement(trx, tenantId, inventoried);
    // Days rolled up before a device was placed count it once they are redone (its decision only).
    const undecided = await deviceActivity.undecidedDays(trx, tenantId, inventoried);
    // Days rolled up while a device was elsewhere (another establishment or cart) are redone there.
    const displaced = await deviceActivity.displacedDays(trx, tenantId, inventoried);
    const storedIds = await ingestBatches.markStored(trx, tenantId, batchIds);
    // Only device-days that new rows changed are dirty (a replayed batch re-rolls nothing); an
    // inventory dirties its whole day because status, kind or establishment change who is in service.
    const dirty = dirtyDays(
      batch.inventories.map((e) => {
        const { establishmentId, timeZone } = placed(deviceOf(e.device_id));
        return { deviceId: null, establishmentId, timeZone, at: new Date(e.observed_at) };
      }),
      [...days, ...[...placedLate, ...displaced].map((p) => ({ ...p, deviceId: null })), ...undecided],
    );
    await rollupDirty.mark(trx, tenantId, dirty);

    return {
      storedIds,
      events: batch.inventories.length + batch.heartbeats.length + batch.appUsage.length + batch.dailyActivity.length,
      heartbeatsNew: fresh.heartbeats.length,
      heartbeatsDuplicate: batch.heartbeats.length - fresh.heartbeats.length,
      sessionsNew: fresh.sessions.length,
      sessionsDuplicate: batch.appUsage.length - fresh.sessions.length,
      devicesCreated: resolution.created,
      devicesMerged: resolution.merged,
      inventoried: resolution.inventoried,
      dirty,
      establishmentIds: [...new Set([...placements.values()].flatMap((d) => (d.establishmentId ? [d.establishmentId] : [])))],
    };
  });
}
