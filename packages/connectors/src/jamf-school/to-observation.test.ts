import { describe, expect, it } from 'vitest';
import { loadSample, personalText } from '../sample.test-helper.ts';
import { toDeviceRecord } from './to-observation.ts';

describe('Jamf School mapping', () => {
  const records = (loadSample('jamf_school/devices-location-1.json') as { devices: unknown[] }).devices.map((d) =>
    toDeviceRecord(d, 'Europe/Paris')!,
  );

  it('reads zone-less check-ins in the source zone, battery fractions as percent, GB as MB', () => {
    expect(records).toHaveLength(12);
    expect(records[0]).toMatchObject({
      externalId: '00008030-A0011161EA3022EF',
      lastCheckIn: '2026-11-19T14:05:07.000Z',
      inventory: { kind: 'tablet', serial: 'DMPH2K1JQ1GC', os_name: 'iPadOS', storage_total_mb: 64000 },
      checkIn: { battery_pct: 42, free_storage_mb: 34600 },
    });
    expect(records[0]!.placeKeys).toEqual(expect.arrayContaining(['Chariot 1', 'location:1']));
    expect(records[4]!.checkIn).not.toHaveProperty('battery_pct');
    expect(records[5]!.inventory.serial).toBe('');
    expect(records[11]!.inventory.kind).toBe('laptop');
  });

  it('keeps nothing of the owner', () => {
    expect(personalText(records, ['martin', 'Léa', 'l.martin'])).toEqual([]);
  });

  it('maps lifecycle: a trashed device is retired, one no longer managed is spare, else unstated', () => {
    const raw = (loadSample('jamf_school/devices-location-1.json') as { devices: Record<string, unknown>[] }).devices[0]!;
    const statusOf = (over: Record<string, unknown>) => toDeviceRecord({ ...raw, ...over }, 'Europe/Paris')?.inventory.status;
    expect(statusOf({ inTrash: true })).toBe('retired');
    expect(statusOf({ inTrash: 1 })).toBe('retired');
    expect(statusOf({ inTrash: false, isManaged: false })).toBe('spare');
    expect(statusOf({ inTrash: false, isManaged: true })).toBeUndefined();
  });
});
