import { describe, expect, it } from 'vitest';
import { loadSample } from '../sample.test-helper.ts';
import { toDeviceRecord } from './to-observation.ts';

describe('Fleet host mapping', () => {
  const records = (loadSample('fleet/hosts-page-0.json') as { hosts: unknown[] }).hosts.map((h) => toDeviceRecord(h)!);

  it('maps hosts with GB disks as MB, platforms as OS names and kinds', () => {
    expect(records).toHaveLength(8);
    expect(records[0]).toMatchObject({
      externalId: '101',
      lastCheckIn: '2026-11-20T07:21:07.000Z',
      inventory: { kind: 'laptop', serial: '7QXK1Y1', manufacturer: 'Dell Inc.', os_name: 'Windows', storage_total_mb: 118000 },
      checkIn: { free_storage_mb: 23420 },
      placeKeys: ['Collège Jules Ferry (0750001U)', 'CJF-S104-PC01', 'CJF-S104-PC01'],
    });
    expect(records[3]!.inventory.serial).toBe('To be filled by O.E.M.');
    expect(records[7]!.inventory.kind).toBe('chromebook');
  });
});
