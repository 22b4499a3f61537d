import { describe, expect, it } from 'vitest';
import { loadSample, personalText } from '../sample.test-helper.ts';
import { toDeviceRecord } from './to-observation.ts';

describe('GLPI Computer mapping', () => {
  const records = (loadSample('glpi/computer-range-0-9.json') as unknown[]).map((c) => toDeviceRecord(c, 'Europe/Paris')!);

  it('reads server-local dates in the source zone, dropdown labels as kinds and statuses, &nbsp; as empty', () => {
    expect(records).toHaveLength(10);
    expect(records[0]).toMatchObject({
      externalId: '101',
      lastCheckIn: '2026-11-19T08:07:03.000Z',
      inventory: { kind: 'laptop', serial: '7QXK1Y1', manufacturer: 'Dell Inc.', model: 'Latitude 3190', status: 'in_service' },
    });
    expect(records[0]!.placeKeys[0]).toBe('Collège Jules Ferry > Bâtiment A > Salle 104');
    expect(records[7]!.placeKeys).not.toContain('&nbsp;');
    expect(records[9]!.inventory.kind).toBe('desktop');
  });

  it('keeps no contact or user', () => {
    expect(personalText(records, ['lambert', 'eleve'])).toEqual([]);
  });
});
