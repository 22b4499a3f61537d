import { describe, expect, it } from 'vitest';
import { decideActivity } from './activity-decision.ts';
import { EMPTY_MASK, lessonMask, slotMask } from './slot-masks.ts';

const t = { activeSeconds: 300, presenceMinLessonSlots: 2 };
const monday = lessonMask({ morning: true, afternoon: true });
const seen = (...ranges: [number, number][]) => slotMask(ranges.map(([from, to]) => ({ from: from * 60, to: to * 60 })));
const day = (over: Partial<Parameters<typeof decideActivity>[0]>) => ({
  measuredSeconds: null,
  usageSeconds: 0,
  presence: null,
  heartbeats: 0,
  ...over,
});
const noUse = (d: Parameters<typeof decideActivity>[0], mask = monday) => decideActivity(d, mask, t, false);

describe('active day', () => {
  it('is active from 5 minutes of measured time, and the measure wins over usage', () => {
    expect(noUse(day({ measuredSeconds: 300 }))).toMatchObject({ signal: 'measured', active: true, activeSeconds: 300, judgedOnUse: true });
    expect(noUse(day({ measuredSeconds: 299, usageSeconds: 5000 }))).toMatchObject({ signal: 'measured', active: false });
  });

  it('derives activity from app usage when nothing is measured, capped at 24 h', () => {
    expect(noUse(day({ usageSeconds: 420 }))).toMatchObject({ signal: 'usage', active: true, activeSeconds: 420, judgedOnUse: true });
    expect(noUse(day({ usageSeconds: 200 }))).toMatchObject({ signal: 'usage', active: false });
    expect(noUse(day({ usageSeconds: 90_000 })).activeSeconds).toBe(86_400);
  });

  it('infers activity from presence in lesson hours only for a device without use signals, labelled and never counted as seconds of use', () => {
    const lessons = noUse(day({ presence: seen([9, 10]), heartbeats: 4 }));
    expect(lessons).toMatchObject({
      signal: 'presence',
      active: true,
      judgedOnUse: false,
      presenceActive: true,
      activeSeconds: 0,
      lessonSlots: 4,
      inferredSeconds: 3600,
    });
    const evening = noUse(day({ presence: seen([19, 21]), heartbeats: 8 }));
    expect(evening).toMatchObject({ signal: 'presence', active: false, presenceActive: false, lessonSlots: 0, online: true });
    expect(noUse(day({ presence: seen([9, 10]) }), EMPTY_MASK).active).toBe(false);
  });

  it('never judges a device whose use signals are available active on presence: on without use is the upper bound only', () => {
    // A room PC left on all day whose source delivers app usage for the PCs that are used.
    const leftOn = decideActivity(day({ presence: seen([8, 17]), heartbeats: 100 }), monday, t, true);
    expect(leftOn).toMatchObject({
      signal: 'presence_unused',
      active: false,
      judgedOnUse: true,
      presenceActive: true,
      inferredSeconds: 0,
      online: true,
    });
    expect(decideActivity(day({}), monday, t, true)).toMatchObject({
      signal: 'none',
      active: false,
      judgedOnUse: true,
      presenceActive: false,
    });
    expect(decideActivity(day({}), monday, t, false)).toMatchObject({ signal: 'none', judgedOnUse: false });
  });

  it('reads presence in lesson hours as an upper bound beside a measure or usage under the threshold', () => {
    expect(noUse(day({ usageSeconds: 60, presence: seen([9, 11]) }))).toMatchObject({
      signal: 'usage',
      active: false,
      presenceActive: true,
    });
    expect(noUse(day({ measuredSeconds: 0, presence: seen([19, 20]) }))).toMatchObject({
      signal: 'measured',
      active: false,
      presenceActive: false,
    });
    expect(noUse(day({ usageSeconds: 600 }))).toMatchObject({ active: true, presenceActive: true });
  });

  it('discounts a cart charging through the night: its daytime presence is not use', () => {
    const charging = noUse(day({ presence: seen([0, 24]), heartbeats: 96 }));
    expect(charging).toMatchObject({ signal: 'presence_discounted', active: false, presenceActive: false, inferredSeconds: 0 });
    expect(decideActivity(day({ presence: seen([0, 24]) }), monday, t, true).signal).toBe('presence_discounted');
    // Used in class, it still counts through its app usage.
    expect(noUse(day({ presence: seen([0, 24]), usageSeconds: 1800 }))).toMatchObject({ signal: 'usage', active: true });
    // A short night check-in (an update at 03:00) is not the charging pattern.
    expect(noUse(day({ presence: seen([3, 4], [9, 10]) })).signal).toBe('presence');
  });

  it('says none, offline, for a device with no data', () => {
    expect(noUse(day({}))).toMatchObject({ signal: 'none', active: false, online: false });
  });
});
