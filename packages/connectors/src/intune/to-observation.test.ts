import { describe, expect, it } from 'vitest';
import { loadSample, personalText } from '../sample.test-helper.ts';
import { toDeviceRecord } from './to-observation.ts';

describe('Intune managedDevice mapping', () => {
  const page = loadSample('intune_graph/managedDevices-page-1.json') as { value: unknown[] };
  const records = page.value.map(toDeviceRecord);

  it('maps every sample device with units, kinds and check-ins', () => {
    expect(records).toHaveLength(8);
    expect(records[0]).toMatchObject({
      externalId: 'ea3d3fb2-b3db-400d-9dc4-fc5b4f03a64b',
      lastCheckIn: '2026-11-19T16:02:47.000Z',
      inventory: {
        kind: 'laptop',
        serial: '7QXK1Y2',
        manufacturer: 'Dell Inc.',
        model: 'Latitude 3190',
        os_name: 'Windows',
        storage_total_mb: 127304,
      },
      checkIn: { free_storage_mb: 61203 },
      placeKeys: ['CJF-S104-PC01', 'Unknown'],
    });
    expect(records[2]!.inventory.kind).toBe('desktop');
    expect(records[7]!.inventory.kind).toBe('tablet');
  });

  it('drops every personal field (the teacher laptop carries a UPN, e-mail and display name)', () => {
    expect(personalText(records, ['lambert', 'Marc'])).toEqual([]);
  });

  it('maps lifecycle: a retire or wipe issued is retired, lost mode is lost, managed is in service', () => {
    const raw = page.value[0] as Record<string, unknown>;
    const statusOf = (over: Record<string, unknown>) => toDeviceRecord({ ...raw, ...over })?.inventory.status;
    expect(statusOf({ managementState: 'managed' })).toBe('in_service');
    for (const state of ['retirePending', 'retireIssued', 'wipePending', 'wipeIssued', 'deletePending'])
      expect(statusOf({ managementState: state })).toBe('retired');
    expect(statusOf({ managementState: 'managed', lostModeState: 'enabled' })).toBe('lost');
    // A state Graph adds later says nothing: the stored status stays.
    expect(statusOf({ managementState: 'discovered' })).toBeUndefined();
  });
});
