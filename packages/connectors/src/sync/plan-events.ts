import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { MappingRule } from '@vigie/contracts';
import type { DeviceRecord } from '../connector.ts';
import type { Collected } from './collect.ts';
import { kindOverrides } from './device-kind.ts';
import { place } from './place.ts';
import { opt } from './units.ts';

/**
 * What a source remembers between syncs, per device: the last check-in already turned into a
 * heartbeat and a fingerprint of the inventory already sent. It is what makes presence come from
 * successive polls: an unchanged check-in is not a new heartbeat.
 */
export const SyncState = z.object({
  v: z.literal(1),
  devices: z.record(z.string(), z.object({ c: z.string().nullable(), f: z.string() })),
});
export type SyncState = z.infer<typeof SyncState>;

export const emptyState = (): SyncState => ({ v: 1, devices: {} });

export interface Plan {
  events: Record<string, unknown>[];
  state: SyncState;
  created: number;
  updated: number;
  unchanged: number;
}

function fingerprint(record: DeviceRecord, placed: object): string {
  return createHash('sha256')
    .update(JSON.stringify([record.inventory, placed]))
    .digest('base64url')
    .slice(0, 22);
}

/** Turns a sync's records into ingest events, sending only what changed since the last sync. */
export function planEvents(
  collected: Collected,
  previous: SyncState,
  rules: MappingRule[],
  syncAt: string,
  options: { kinds?: string } = {},
): Plan {
  const override = kindOverrides(options.kinds);
  const state: SyncState = { v: 1, devices: { ...previous.devices } };
  const plan: Plan = { events: [], state, created: 0, updated: 0, unchanged: 0 };
  for (const record of collected.devices.values()) {
    const id = record.externalId;
    const placed = place(rules, record.placeKeys);
    const print = fingerprint(record, placed);
    const before = previous.devices[id];
    const observedAt = record.lastCheckIn ?? record.version ?? syncAt;
    if (!before) plan.created++;
    else if (before.f !== print) plan.updated++;
    else plan.unchanged++;
    if (!before || before.f !== print) {
      const kind = override(record.inventory.model) ?? record.inventory.kind;
      // last_contact is sent as it is, null included: a record of a device that never connected
      // must not make its observed_at (the sync time, a modification date) pass for a contact.
      plan.events.push({
        type: 'inventory',
        device_id: id,
        observed_at: observedAt,
        ...record.inventory,
        ...opt('kind', kind),
        ...placed,
        last_contact: record.lastCheckIn,
      });
    }
    if (record.lastCheckIn && record.lastCheckIn !== before?.c) {
      plan.events.push({ type: 'heartbeat', device_id: id, observed_at: record.lastCheckIn, ...record.checkIn });
    }
    // Daily totals move only when the device checks in again; the store keeps the newest per day.
    const changed = !before || before.f !== print || before.c !== record.lastCheckIn;
    for (const day of changed ? record.dailyActivity : []) {
      plan.events.push({ type: 'daily_activity', device_id: id, observed_at: observedAt, ...day });
    }
    state.devices[id] = { c: record.lastCheckIn ?? before?.c ?? null, f: print };
  }
  for (const usage of collected.usage) {
    plan.events.push({
      type: 'app_usage',
      device_id: usage.externalId,
      observed_at: usage.observedAt,
      app_id: usage.appId,
      started_at: usage.startedAt,
      duration_s: usage.durationS,
    });
  }
  return plan;
}
