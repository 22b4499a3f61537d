import { describe, expect, it } from 'vitest';
import { checkEvent } from './check-event.ts';

const now = Date.parse('2026-11-23T12:00:00Z');
const window = { oldest: now - 400 * 86_400_000, newest: now + 86_400_000 };
const beat = { type: 'heartbeat', device_id: 'd1', observed_at: '2026-11-23T09:00:00+01:00' };

describe('checking one ingest item', () => {
  it('accepts a heartbeat with an offset, and reports an unknown field it drops', () => {
    expect(checkEvent(beat, 0, window)).toEqual({ ok: true, event: beat, warnings: [] });
    const check = checkEvent({ ...beat, vendor_extra: 1 }, 4, window);
    expect(check).toMatchObject({
      ok: true,
      event: beat,
      warnings: [{ index: 4, status: 'accepted', code: 'unknown_field', field: 'vendor_extra' }],
    });
  });

  it('names a storage field sent in the wrong unit instead of dropping it silently', () => {
    const inventory = { type: 'inventory', device_id: 'd1', observed_at: '2026-11-23T09:00:00Z', storage_total_bytes: 64e9 };
    expect(checkEvent(inventory, 0, window)).toMatchObject({
      ok: true,
      warnings: [{ code: 'unknown_field', field: 'storage_total_bytes' }],
    });
  });

  it('keeps last_contact null on an inventory (never connected), unlike other nulls, and bounds a future one', () => {
    const inventory = { type: 'inventory', device_id: 'd1', observed_at: '2026-11-23T09:00:00Z', last_contact: null, model: null };
    expect(checkEvent(inventory, 0, window)).toEqual({
      ok: true,
      event: { type: 'inventory', device_id: 'd1', observed_at: '2026-11-23T09:00:00Z', last_contact: null },
      warnings: [],
    });
    const stale = { ...inventory, model: 'X', last_contact: '2024-01-05T08:00:00Z' };
    expect(checkEvent(stale, 0, window)).toMatchObject({ ok: true, event: { last_contact: '2024-01-05T08:00:00Z' } });
    expect(checkEvent({ ...inventory, last_contact: '2026-12-30T08:00:00Z' }, 1, window)).toMatchObject({
      ok: false,
      result: { code: 'out_of_range', field: 'last_contact' },
    });
    expect(checkEvent({ ...inventory, last_contact: 'yesterday' }, 1, window)).toMatchObject({
      ok: false,
      result: { code: 'invalid_date', field: 'last_contact' },
    });
  });

  it('removes a personal field and accepts the rest of the item, with a warning', () => {
    const inventory = {
      type: 'inventory',
      device_id: 'd1',
      observed_at: '2026-11-23T09:00:00Z',
      serial: 'S1',
      establishment_uai: '0770934X',
      owner: 'Jean Dupont',
      model: 'jean.dupont@ac-creteil.fr',
    };
    const check = checkEvent(inventory, 2, window);
    expect(check).toMatchObject({
      ok: true,
      event: { type: 'inventory', device_id: 'd1', serial: 'S1', establishment_uai: '0770934X' },
      warnings: [
        { index: 2, status: 'accepted', code: 'personal_data_removed', field: 'owner' },
        { code: 'personal_data_removed', field: 'model' },
      ],
    });
    expect(JSON.stringify(check)).not.toMatch(/Jean|dupont/i);
  });

  it('stores a device name that names a person as a neutral label, never raw', () => {
    const inventory = {
      type: 'inventory',
      device_id: 'd1',
      observed_at: '2026-11-23T09:00:00Z',
      name: 'iPad de Sophie',
      asset_tag: 'COL-JFERRY-TAB-002',
    };
    const check = checkEvent(inventory, 0, window);
    expect(check).toMatchObject({
      ok: true,
      event: { name: 'nom masqué', asset_tag: 'COL-JFERRY-TAB-002' },
      warnings: [{ code: 'personal_data_removed', field: 'name' }],
    });
    expect(JSON.stringify(check)).not.toContain('Sophie');
    expect(checkEvent({ ...inventory, name: 'CJF-S104-PC01' }, 0, window)).toMatchObject({
      ok: true,
      event: { name: 'CJF-S104-PC01' },
      warnings: [],
    });
  });

  it('accepts null on an optional field as unknown', () => {
    const inventory = {
      type: 'inventory',
      device_id: 'd1',
      observed_at: '2026-11-23T09:00:00Z',
      serial: null,
      battery_health_pct: null,
      model: 'iPad',
    };
    expect(checkEvent(inventory, 0, window)).toEqual({
      ok: true,
      event: { type: 'inventory', device_id: 'd1', observed_at: '2026-11-23T09:00:00Z', model: 'iPad' },
      warnings: [],
    });
  });

  it('keeps an inventory whatever its age: the window bounds observations, not the existence of a device', () => {
    const old = { type: 'inventory', device_id: 'd1', observed_at: '2024-06-01T08:00:00Z', status: 'retired' };
    expect(checkEvent(old, 0, window)).toMatchObject({ ok: true, event: old });
    expect(checkEvent({ ...old, observed_at: '2026-11-26T00:00:00Z' }, 0, window)).toMatchObject({
      ok: false,
      result: { code: 'out_of_range' },
    });
  });

  it('accepts the 29th of February of a leap year', () => {
    const leap = { type: 'daily_activity', device_id: 'd', observed_at: '2026-11-23T09:00:00Z', date: '2024-02-29', active_seconds: 60 };
    expect(checkEvent(leap, 0, window)).toMatchObject({ ok: true });
  });

  it.each([
    [{ ...beat, observed_at: '2026-11-23T09:00:00' }, 'invalid_date', 'observed_at'],
    [{ ...beat, observed_at: '2026-02-30T09:00:00Z' }, 'invalid_date', 'observed_at'],
    [{ ...beat, observed_at: '2026-02-29T09:00:00Z' }, 'invalid_date', 'observed_at'],
    [{ ...beat, observed_at: '2026-04-31T09:00:00Z' }, 'invalid_date', 'observed_at'],
    [
      { type: 'daily_activity', device_id: 'd', observed_at: '2026-11-23T09:00:00Z', date: '2025-02-29', active_seconds: 60 },
      'invalid_date',
      'date',
    ],
    [{ ...beat, observed_at: '2024-01-01T00:00:00Z' }, 'out_of_range', 'observed_at'],
    [{ ...beat, observed_at: '2026-11-26T00:00:00Z' }, 'out_of_range', 'observed_at'],
    [{ ...beat, battery_pct: -1 }, 'out_of_range', 'battery_pct'],
    [{ ...beat, type: 'HEARTBEAT' }, 'unknown_type', 'type'],
    [{ ...beat, device_id: undefined }, 'invalid_field', 'device_id'],
    [
      {
        type: 'app_usage',
        device_id: 'd',
        observed_at: '2026-11-23T09:00:00Z',
        app_id: 'a',
        started_at: '2026-11-23T08:00:00Z',
        duration_s: 90_000,
      },
      'out_of_range',
      'duration_s',
    ],
    [{ ...beat, device_id: 'd\u00001' }, 'invalid_field', 'device_id'],
    [{ ...beat, device_id: 'jean.dupont@ac-creteil.fr' }, 'personal_data', 'device_id'],
  ])('rejects %j as %s on %s', (event, code, field) => {
    const check = checkEvent(event, 3, window);
    expect(check).toMatchObject({ ok: false, result: { index: 3, status: 'rejected', code, field } });
  });
});
