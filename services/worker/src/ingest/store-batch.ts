import { dirtyDays } from '@vigie/rollup';
import { appUsage, deviceDays, devices, deviceSources, heartbeats, ingestBatches, rollupDirty, type Db } from '@vigie/store';
import type { ParsedBatch } from './parse-events.ts';
import { resolveDevices } from './resolve-devices.ts';

export interface StoreOutcome {
  status: 'stored' | 'already_stored';
  events: number;
  heartbeatsNew: number;
  heartbeatsDuplicate: number;
  sessionsNew: number;
  sessionsDuplicate: number;
  devicesCreated: number;
  devicesMerged: number;
  inventoried: number;
  /** Establishment-days whose rollup this batch made out of date (marked in rollup_dirty). */
  dirty: { establishmentId: string; day: string }[];
}

/**
 * Writes one accepted batch: devices resolved first, then every observation, the device-day
 * increments they cause, last-seen times and the batch's "stored" mark in a single transaction.
 * Only rows the unique keys let in feed the increments, so replaying a batch changes nothing.
 */
export async function storeBatch(db: Db, tenantId: string, batchId: string, sourceId: string, batch: ParsedBatch): Promise<StoreOutcome> {
  const resolution = await resolveDevices(db, tenantId, sourceId, batch);
  const deviceOf = (externalId: string) => resolution.deviceIds.get(externalId)!;
  const placements = await devices.placements(db, tenantId, [...new Set(resolution.deviceIds.values())]);
  const placed = (deviceId: string) => placements.get(deviceId) ?? { establishmentId: null, timeZone: 'Europe/Paris' };

  return db.transaction().execute(async (trx) => {
    // Lock order, always: heartbeats, app_usage, device_days, devices, device_sources, ingest_batches, rollup_dirty.
    const newHeartbeats = await heartbeats.insertMany(
      trx, tenantId, sourceId,
      batch.heartbeats.map((e) => ({
        deviceId: deviceOf(e.device_id),
        observedAt: new Date(e.observed_at),
        batteryPct: e.battery_pct ?? null,
        freeStorageMb: e.free_storage_mb ?? null,
        state: e.state ?? null,
      })),
    );
    const newSessions = await appUsage.insertMany(
      trx, tenantId, sourceId,
      batch.appUsage.map((e) => ({
        deviceId: deviceOf(e.device_id),
        startedAt: new Date(e.started_at),
        appId: e.app_id,
        appName: e.app_name ?? null,
        category: e.category ?? null,
        durationS: e.duration_s,
        observedAt: new Date(e.observed_at),
      })),
    );
    await deviceDays.add(trx, tenantId, {
      presence: newHeartbeats.map((r) => ({ deviceId: r.device_id, at: r.observed_at, ...placed(r.device_id) })),
      usage: newSessions.map((r) => ({ deviceId: r.device_id, startedAt: r.started_at, durationS: r.duration_s, ...placed(r.device_id) })),
      measured: batch.dailyActivity.map((e) => {
        const deviceId = deviceOf(e.device_id);
        return { deviceId, day: e.date, activeSeconds: e.active_seconds, observedAt: new Date(e.observed_at), ...placed(deviceId) };
      }),
    });

    // Data that arrived before the device's first inventory was counted nowhere: count it now.
    const placedLate = await deviceDays.followPlacement(trx, tenantId, [...new Set(batch.inventories.map((e) => deviceOf(e.device_id)))]);

    const seen = batch.seen;
    await devices.touchSeen(trx, tenantId, [...seen].map(([externalId, range]) => ({ deviceId: deviceOf(externalId), ...range })));
    await deviceSources.touch(trx, tenantId, sourceId, [...seen].map(([externalId, range]) => ({ externalId, ...range })));
    const marked = await ingestBatches.markStored(trx, tenantId, batchId);
    // Only new rows dirty a day (a replayed batch re-rolls nothing); an inventory dirties its day
    // because status, kind or establishment change who is in service.
    const dirty = dirtyDays(
      [
        ...newHeartbeats.map((r) => ({ ...placed(r.device_id), at: r.observed_at })),
        ...newSessions.map((r) => ({ ...placed(r.device_id), at: r.started_at })),
        ...batch.inventories.map((e) => ({ ...placed(deviceOf(e.device_id)), at: new Date(e.observed_at) })),
      ],
      batch.dailyActivity.map((e) => ({ establishmentId: placed(deviceOf(e.device_id)).establishmentId, day: e.date })),
    );
    dirty.push(...placedLate.filter((p) => !dirty.some((d) => d.establishmentId === p.establishmentId && d.day === p.day)));
    await rollupDirty.mark(trx, tenantId, dirty);

    return {
      status: marked ? 'stored' : 'already_stored',
      events: batch.inventories.length + batch.heartbeats.length + batch.appUsage.length + batch.dailyActivity.length,
      heartbeatsNew: newHeartbeats.length,
      heartbeatsDuplicate: batch.heartbeats.length - newHeartbeats.length,
      sessionsNew: newSessions.length,
      sessionsDuplicate: batch.appUsage.length - newSessions.length,
      devicesCreated: resolution.created,
      devicesMerged: resolution.merged,
      inventoried: resolution.inventoried,
      dirty,
    };
  });
}
