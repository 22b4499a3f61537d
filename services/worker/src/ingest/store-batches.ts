import { dirtyDays } from '@vigie/rollup';
import { instantMs } from '@vigie/contracts';
import {
  appDays,
  deviceActivity,
  deviceContactDays,
  deviceDays,
  devices,
  deviceSources,
  ingestBatches,
  observations,
  rollupDirty,
  rollupSettings,
  type Db,
} from '@vigie/store';
import type { ParsedBatch } from './parse-events.ts';
import {
  inventoriedDevices,
  inventoryContacts,
  inventoryInstants,
  measuredDays,
  observationRows,
  placementsOf,
  seenRows,
} from './batch-rows.ts';
import { appDayIncrements, deviceDayIncrements, type PastRaw } from './device-day-increments.ts';
import { resolveDevices } from './resolve-devices.ts';

export interface StoreOutcome {
  /** The batches this call marked stored (the others already were: their rows counted nothing twice). */
  storedIds: Set<string>;
  events: number;
  heartbeatsNew: number;
  heartbeatsDuplicate: number;
  /** Check-ins and sessions older than the raw ones kept: their quarter hours are set, no row is kept, nothing is counted. */
  heartbeatsPastRaw: number;
  sessionsPastRaw: number;
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
export async function storeBatches(
  db: Db,
  tenantId: string,
  batchIds: string[],
  sourceId: string,
  batch: ParsedBatch,
  /** CHECK_IN_RETENTION_DAYS and APP_SESSION_RETENTION_DAYS: how long raw rows are kept (a tenant may keep fewer). */
  raw: { checkInDays: number; appSessionDays: number },
): Promise<StoreOutcome> {
  const resolution = await resolveDevices(db, tenantId, sourceId, batch);
  const at = placementsOf(resolution.devices);
  const own = (await rollupSettings.get(db, tenantId)).retention_days;
  const keptFrom = (instance: number, tenant: number | undefined) => Date.now() - Math.min(instance, tenant ?? instance) * DAY_MS;
  const rows = splitPastRaw(observationRows(batch, at), {
    heartbeats: keptFrom(raw.checkInDays, own.check_ins),
    sessions: keptFrom(raw.appSessionDays, own.app_sessions),
  });

  return db.transaction().execute(async (trx) => {
    // Lock order, always: devices, device_sources, device_contact_days, heartbeats, app_usage,
    // device_days, app_days, ingest_batches, rollup_dirty.
    await devices.touchSeen(trx, tenantId, seenRows(batch, at));
    await deviceSources.touchContacts(
      trx,
      tenantId,
      sourceId,
      [...batch.contacts].map(([externalId, range]) => ({ externalId, ...range })),
    );
    await deviceContactDays.add(trx, tenantId, inventoryContacts(batch, at));
    const fresh = await observations.insertNew(trx, tenantId, sourceId, rows.kept);
    const days = await deviceDays.add(trx, tenantId, deviceDayIncrements(fresh, at.placed, rows.pastRaw), measuredDays(batch, at));
    await appDays.add(trx, tenantId, appDayIncrements(fresh.sessions, at.placed));
    // Data that arrived before the device's first inventory was counted nowhere: count it now.
    const inventoried = inventoriedDevices(batch, at);
    const placedLate = await deviceDays.followPlacement(trx, tenantId, inventoried);
    // Days rolled up before a device was placed count it once they are redone (its decision only).
    const undecided = await deviceActivity.undecidedDays(trx, tenantId, inventoried);
    // Days rolled up while a device was elsewhere (another establishment or cart) are redone there.
    const displaced = await deviceActivity.displacedDays(trx, tenantId, inventoried);
    const storedIds = await ingestBatches.markStored(trx, tenantId, batchIds);
    // Only device-days that new rows changed are dirty (a replayed batch re-rolls nothing); an
    // inventory dirties its whole day because status, kind or establishment change who is in service.
    const dirty = dirtyDays(inventoryInstants(batch, at), [
      ...days,
      ...[...placedLate, ...displaced].map((p) => ({ ...p, deviceId: null })),
      ...undecided,
    ]);
    await rollupDirty.mark(trx, tenantId, dirty);

    return {
      storedIds,
      events: batch.inventories.length + batch.heartbeats.length + batch.appUsage.length + batch.dailyActivity.length,
      heartbeatsNew: fresh.heartbeats.length,
      heartbeatsDuplicate: rows.kept.heartbeats.length - fresh.heartbeats.length,
      heartbeatsPastRaw: rows.pastRaw.heartbeats.length,
      sessionsNew: fresh.sessions.length,
      sessionsDuplicate: rows.kept.sessions.length - fresh.sessions.length,
      sessionsPastRaw: rows.pastRaw.sessions.length,
      devicesCreated: resolution.created,
      devicesMerged: resolution.merged,
      inventoried: resolution.inventoried,
      dirty,
      establishmentIds: at.establishmentIds,
    };
  });
}

const DAY_MS = 86_400_000;

/**
 * Check-ins and sessions older than the raw ones kept have no row left to tell a replay from a new
 * one (retention removed it, or its partition): they only set their quarter hours, which a replay
 * sets again harmlessly, and are neither stored nor counted.
 */
function splitPastRaw(rows: ReturnType<typeof observationRows>, keptFrom: { heartbeats: number; sessions: number }) {
  const pastHeartbeats: PastRaw['heartbeats'][number][] = [];
  const pastSessions: PastRaw['sessions'][number][] = [];
  const heartbeats = rows.heartbeats.filter((h) => {
    const at = instantMs(h.observedAt);
    if (at >= keptFrom.heartbeats) return true;
    pastHeartbeats.push({ deviceId: h.deviceId, at });
    return false;
  });
  const sessions = rows.sessions.filter((s) => {
    const startedAt = instantMs(s.startedAt);
    if (startedAt >= keptFrom.sessions) return true;
    pastSessions.push({ deviceId: s.deviceId, startedAt, durationS: s.durationS });
    return false;
  });
  const pastRaw: PastRaw = { heartbeats: pastHeartbeats, sessions: pastSessions };
  return { kept: { heartbeats, sessions }, pastRaw };
}
