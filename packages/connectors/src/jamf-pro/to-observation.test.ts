import { describe, expect, it } from 'vitest';
import { loadSample, personalText } from '../sample.test-helper.ts';
import { toComputerRecord, toMobileRecord } from './to-observation.ts';

describe('Jamf Pro mapping', () => {
  const computers = (loadSample('jamf_pro/computers-inventory-page-0.json') as { results: unknown[] }).results.map(toComputerRecord);
  const mobiles = (loadSample('jamf_pro/mobile-devices-detail-page-0.json') as { results: unknown[] }).results.map(toMobileRecord);

  it('maps computers in MB, mobile devices from MiB (capacityMb) to MB, and percent, with separate id spaces', () => {
    expect(computers).toHaveLength(8);
    expect(mobiles).toHaveLength(7);
    expect(computers[0]).toMatchObject({
      externalId: 'computer-13',
      lastCheckIn: '2024-03-11T14:22:09.000Z',
      version: '2024-03-11T14:22:09.000Z',
      inventory: { kind: 'desktop', serial: '', manufacturer: 'Apple', model: 'iMac (21.5-inch, 2017)', storage_total_mb: 1000000 },
      checkIn: { free_storage_mb: 380211 },
    });
    expect(mobiles[0]).toMatchObject({
      externalId: 'mobile-300',
      lastCheckIn: '2026-11-16T19:22:41.000Z',
      inventory: { kind: 'tablet', os_name: 'iPadOS', storage_total_mb: 255999 },
      checkIn: { battery_pct: 54, free_storage_mb: 189221 },
    });
  });

  it('keeps no user name, real name or e-mail', () => {
    expect(personalText([computers, mobiles], ['roux', 'Sophie'])).toEqual([]);
  });

  it('maps lifecycle: lost mode is lost, a device Jamf no longer manages is spare', () => {
    const mobile = (loadSample('jamf_pro/mobile-devices-detail-page-0.json') as { results: Record<string, unknown>[] }).results[0]!;
    const computer = (loadSample('jamf_pro/computers-inventory-page-0.json') as { results: Record<string, unknown>[] }).results[0]!;
    const general = (d: Record<string, unknown>) => d.general as Record<string, unknown>;
    expect(toMobileRecord({ ...mobile, security: { lostModeEnabled: true } })?.inventory.status).toBe('lost');
    expect(toMobileRecord({ ...mobile, general: { ...general(mobile), managed: false } })?.inventory.status).toBe('spare');
    expect(
      toMobileRecord({ ...mobile, security: { lostModeEnabled: false }, general: { ...general(mobile), managed: true } })?.inventory.status,
    ).toBeUndefined();
    const unmanaged = { ...computer, general: { ...general(computer), remoteManagement: { managed: false } } };
    expect(toComputerRecord(unmanaged)?.inventory.status).toBe('spare');
  });
});
