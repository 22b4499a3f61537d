import { describe, expect, it } from 'vitest';
import { carriesUse, useSignalsAvailable } from './use-signals.ts';

const pc = { kind: 'desktop', sources: ['intune', 'glpi'] };

describe('use signals available', () => {
  it('a measure (even of zero seconds) or app sessions carry use; presence does not', () => {
    expect(carriesUse({ measuredSeconds: 0, usageSeconds: 0 })).toBe(true);
    expect(carriesUse({ measuredSeconds: null, usageSeconds: 12 })).toBe(true);
    expect(carriesUse({ measuredSeconds: null, usageSeconds: 0 })).toBe(false);
  });

  it('holds when a device of the same kind sharing one of its sources carried use within the window ending that day', () => {
    const evidence = [{ day: '2026-11-02', kind: 'desktop', sources: ['intune'] }];
    expect(useSignalsAvailable(pc, '2026-11-02', evidence, 28)).toBe(true);
    expect(useSignalsAvailable(pc, '2026-11-29', evidence, 28)).toBe(true);
    // Day 29 of the window: the evidence is too old.
    expect(useSignalsAvailable(pc, '2026-11-30', evidence, 28)).toBe(false);
    // Evidence after the day judged never counts: a day's decision does not depend on later days.
    expect(useSignalsAvailable(pc, '2026-11-01', evidence, 28)).toBe(false);
  });

  it('does not hold for another kind, or a source the device is not known to', () => {
    expect(useSignalsAvailable(pc, '2026-11-02', [{ day: '2026-11-02', kind: 'laptop', sources: ['intune'] }], 28)).toBe(false);
    expect(
      useSignalsAvailable(
        { kind: 'desktop', sources: ['glpi'] },
        '2026-11-02',
        [{ day: '2026-11-02', kind: 'desktop', sources: ['intune'] }],
        28,
      ),
    ).toBe(false);
  });
});
