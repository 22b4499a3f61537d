import { describe, expect, it } from 'vitest';
import { DefaultObsolescenceRules, ObsolescenceRule } from '@vigie/contracts';
import { compareVersions, obsolescenceFlags, platformKey, type DeviceFacts } from './obsolescence.ts';

const today = '2026-11-23';
const device = (over: Partial<DeviceFacts>): DeviceFacts => ({
  kind: 'tablet',
  osName: null,
  osVersion: null,
  acquiredOn: null,
  supportEnd: null,
  warrantyEnd: null,
  batteryHealthPct: null,
  storageTotalMb: null,
  ...over,
});
const reasons = (d: DeviceFacts, rules = DefaultObsolescenceRules) =>
  obsolescenceFlags(d, rules, today).map((f) => [f.reason, f.appliesFrom]);

describe('obsolescence rules', () => {
  it('age: the renewal cycle of the kind, from the acquisition date, past or future', () => {
    expect(reasons(device({ acquiredOn: '2020-09-01' }))).toEqual([['age', '2025-09-01']]);
    expect(reasons(device({ kind: 'desktop', acquiredOn: '2020-09-01' }))).toEqual([['age', '2027-09-01']]);
    expect(reasons(device({ kind: 'other', acquiredOn: '2020-09-01' }))).toEqual([['age', '2026-09-01']]);
    expect(reasons(device({}))).toEqual([]);
  });

  it('OS version below the minimum of its platform, whatever the MDM calls the platform', () => {
    expect(reasons(device({ osName: 'iPadOS', osVersion: '15.7.9' }))).toEqual([['os_version', today]]);
    expect(reasons(device({ osName: 'iPadOS', osVersion: '17.5' }))).toEqual([]);
    expect(reasons(device({ kind: 'laptop', osName: 'Windows 10 Education', osVersion: '10.0.19044' }))).toEqual([['os_version', today]]);
    expect(reasons(device({ kind: 'chromebook', osName: 'Chrome OS', osVersion: '1' }))).toEqual([]);
    expect(platformKey('Chrome OS')).toBe('chromeos');
    expect(compareVersions('10.0.19045', '10.0.19045')).toBe(0);
    expect(compareVersions('9', '10')).toBe(-1);
  });

  it('support end, warranty end, battery and storage, each with its reason and date', () => {
    const flags = obsolescenceFlags(
      device({ kind: 'chromebook', supportEnd: '2026-06-01', warrantyEnd: '2027-03-01', batteryHealthPct: 64, storageTotalMb: 16_000 }),
      DefaultObsolescenceRules,
      today,
    );
    expect(flags.map((f) => [f.reason, f.appliesFrom])).toEqual([
      ['support_end', '2026-06-01'],
      ['battery', today],
      ['storage', today],
      ['warranty', '2027-03-01'],
    ]);
    expect(flags.find((f) => f.reason === 'battery')!.detail).toBe('battery health 64% < 70%');
  });

  it('are data: a tenant rule overrides the default, the most specific rule wins, no rule no flag', () => {
    const rules = [
      ObsolescenceRule.parse({ reason: 'age', threshold: 4 }),
      ObsolescenceRule.parse({ reason: 'age', device_kind: 'tablet', threshold: 3 }),
    ];
    expect(reasons(device({ acquiredOn: '2022-01-15', warrantyEnd: '2024-01-01' }), rules)).toEqual([['age', '2025-01-15']]);
    expect(reasons(device({ kind: 'laptop', acquiredOn: '2022-01-15' }), rules)).toEqual([['age', '2026-01-15']]);
  });
});
