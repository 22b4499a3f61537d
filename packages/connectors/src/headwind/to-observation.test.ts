import { describe, expect, it } from 'vitest';
import { loadSample } from '../sample.test-helper.ts';
import { toDeviceRecord } from './to-observation.ts';

describe('Headwind device mapping', () => {
  const answer = loadSample('headwind_mdm/devices-search-page-1.json') as {
    data: { configurations: Record<string, { name?: unknown }>; devices: { items: unknown[] } };
  };
  const records = answer.data.devices.items.map((d) => toDeviceRecord(d, answer.data.configurations)!);

  it('reads epoch-ms check-ins, percent batteries, groups and configurations as places', () => {
    expect(records).toHaveLength(8);
    expect(records[0]).toMatchObject({
      externalId: '1013',
      lastCheckIn: new Date(1795110002000).toISOString(),
      inventory: { kind: 'tablet', serial: 'HGAH3K1Q', model: 'TB-X505F', os_name: 'Android', os_version: '10' },
      checkIn: { battery_pct: 64 },
    });
    expect(records[1]!.placeKeys).toEqual(
      expect.arrayContaining(['Collège Jules Ferry (0750001U)', 'SEGPA', 'Tablettes élèves - kiosque']),
    );
  });
});
