import { describe, expect, it } from 'vitest';
import { loadSample, personalText } from '../sample.test-helper.ts';
import { batteryHealthOf, toDeviceRecord, toUsageRecords } from './to-observation.ts';

describe('Google ChromeOS and telemetry mapping', () => {
  const page = loadSample('google_chromeos_directory/chromeosdevices-list-page-1.json') as { chromeosdevices: unknown[] };
  const records = page.chromeosdevices.map((d) => toDeviceRecord(d, 'Europe/Paris')!);
  const usage = (
    loadSample('google_chrome_management/telemetry-users-list-page-1.json') as { telemetryUsers: unknown[] }
  ).telemetryUsers.flatMap(toUsageRecords);

  it('maps devices: AUE to support_end, bytes to MB, statuses, activeTimeRanges to daily activity', () => {
    expect(records).toHaveLength(8);
    expect(records[0]).toMatchObject({
      externalId: '907a09db-87cd-4de2-9727-e4486db3df73',
      lastCheckIn: '2026-11-19T15:58:21.204Z',
      inventory: {
        kind: 'chromebook',
        serial: 'PF3NX8K1',
        os_name: 'ChromeOS',
        status: 'in_service',
        support_end: '2031-06-01',
        storage_total_mb: 53120,
      },
      checkIn: { free_storage_mb: 37000 },
      placeKeys: ['/Colleges/0750001U/Chariot-1', 'Chariot 1 - Salle 104'],
    });
    expect(records[0]!.dailyActivity).toHaveLength(8);
    expect(records[0]!.dailyActivity.every((d) => d.active_seconds > 0 && d.active_seconds <= 86_400)).toBe(true);
    expect(records[5]!.inventory.status).toBe('retired');
    expect(records[7]!.inventory.status).toBe('lost');
  });

  it('maps telemetry app reports to sessions ending at the report time', () => {
    expect(usage[0]).toEqual({
      externalId: '907a09db-87cd-4de2-9727-e4486db3df73',
      appId: 'mgndgikekgjfcpckkfioiadnlibdjbkf',
      durationS: 2712,
      observedAt: '2026-11-19T10:15:00.000Z',
      startedAt: '2026-11-19T09:29:48.000Z',
    });
  });

  it('reads battery health from telemetry as the newest full charge over the design capacity, else unknown', () => {
    const device = (reports: unknown[], design: unknown = '5000') => ({
      deviceId: 'd1',
      batteryInfo: [{ designCapacity: design }],
      batteryStatusReport: reports,
    });
    const report = (reportTime: string, fullChargeCapacity: string) => ({
      reportTime,
      fullChargeCapacity,
      batteryHealth: 'BATTERY_HEALTH_NORMAL',
    });
    expect(batteryHealthOf(device([report('2026-11-01T00:00:00Z', '4100'), report('2026-10-01T00:00:00Z', '4900')]))).toEqual({
      deviceId: 'd1',
      pct: 82,
    });
    expect(batteryHealthOf(device([report('2026-11-01T00:00:00Z', '5210')]))).toEqual({ deviceId: 'd1', pct: 100 });
    // Only the enum, or no design capacity: unknown, not guessed.
    expect(batteryHealthOf({ deviceId: 'd1', batteryStatusReport: [{ batteryHealth: 'BATTERY_REPLACE_NOW' }] })).toBeNull();
    expect(batteryHealthOf(device([report('2026-11-01T00:00:00Z', '4100')], null))).toBeNull();
  });

  it('keeps no e-mail of recent users, annotated users or telemetry users', () => {
    expect(personalText([records, usage], ['durand', 'martin', 'benali'])).toEqual([]);
  });
});
