import { describe, expect, it } from 'vitest';
import type { Connector, DeviceRecord } from '../connector.ts';
import { createHttpClient } from '../http/http-client.ts';
import { collect } from './collect.ts';
import { emptyState, planEvents } from './plan-events.ts';

const record = (id: string, lastCheckIn: string, extra: Partial<DeviceRecord> = {}): DeviceRecord => ({
  externalId: id,
  lastCheckIn,
  version: lastCheckIn,
  inventory: { kind: 'tablet', serial: `SN${id}`, model: 'iPad' },
  placeKeys: ['Chariot 1'],
  checkIn: { battery_pct: 50 },
  dailyActivity: [],
  ...extra,
});
const fake = (pages: DeviceRecord[][]): Connector => ({
  kind: 'fake',
  async *pull() {
    for (const p of pages) yield { devices: p };
  },
});
// The fake connector never calls out.
const http = createHttpClient({
  fetch: () => Promise.reject(new Error('no network here')),
  timeoutMs: 100,
  maxAttempts: 1,
  baseDelayMs: 1,
  maxDelayMs: 1,
});
const settings = {
  kind: 'fake',
  baseUrl: 'http://x',
  tokenUrl: null,
  pageSize: 2,
  timeZone: 'UTC',
  credentials: {},
  options: {},
  mapping: [],
};
const rules = [{ match: 'Chariot*', uai: '0750001U', cart: 'Chariot 1' }];

describe('paging and presence', () => {
  it('keeps the newest record of an id returned on two pages', async () => {
    const collected = await collect(
      fake([
        [record('a', '2026-11-20T08:00:00Z'), record('b', '2026-11-20T08:00:00Z')],
        [record('a', '2026-11-20T09:00:00Z'), record('c', '2026-11-20T08:00:00Z')],
        [record('b', '2026-11-19T08:00:00Z')],
      ]),
      settings,
      http,
    );
    expect(collected).toMatchObject({ pages: 3, recordsSeen: 5, duplicates: 2 });
    expect(collected.devices.get('a')!.lastCheckIn).toBe('2026-11-20T09:00:00Z');
    expect(collected.devices.get('b')!.lastCheckIn).toBe('2026-11-20T08:00:00Z');
  });

  it('turns a changed check-in into one heartbeat and an unchanged one into none', async () => {
    const syncAt = '2026-11-20T10:00:00Z';
    const first = planEvents(await collect(fake([[record('a', '2026-11-20T08:00:00Z')]]), settings, http), emptyState(), rules, syncAt);
    expect(first).toMatchObject({ created: 1, updated: 0, unchanged: 0 });
    expect(first.events.map((e) => e.type)).toEqual(['inventory', 'heartbeat']);
    expect(first.events[0]).toMatchObject({ establishment_uai: '0750001U', cart: 'Chariot 1', observed_at: '2026-11-20T08:00:00Z' });

    const same = planEvents(await collect(fake([[record('a', '2026-11-20T08:00:00Z')]]), settings, http), first.state, rules, syncAt);
    expect(same).toMatchObject({ created: 0, updated: 0, unchanged: 1, events: [] });

    const moved = planEvents(await collect(fake([[record('a', '2026-11-20T09:30:00Z')]]), settings, http), same.state, rules, syncAt);
    expect(moved.events).toEqual([expect.objectContaining({ type: 'heartbeat', observed_at: '2026-11-20T09:30:00Z', battery_pct: 50 })]);
    expect(moved.unchanged).toBe(1);

    const renamed = record('a', '2026-11-20T09:30:00Z', { inventory: { kind: 'tablet', serial: 'SNa', model: 'iPad 10' } });
    const updated = planEvents(await collect(fake([[renamed]]), settings, http), moved.state, rules, syncAt);
    expect(updated).toMatchObject({ updated: 1 });
    expect(updated.events.map((e) => e.type)).toEqual(['inventory']);
  });
});
