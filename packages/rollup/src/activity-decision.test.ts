import { describe, expect, it } from 'vitest';
import { decideActivity } from './activity-decision.ts';
import { EMPTY_MASK, lessonMask, slotMask } from './slot-masks.ts';

const t = { activeSeconds: 300, presenceMinLessonSlots: 2 };
const monday = lessonMask({ morning: true, afternoon: true });
const seen = (...ranges: [number, number][]) => slotMask(ranges.map(([from, to]) => ({ from: from * 60, to: to * 60 })));
const day = (over: Partial<Parameters<typeof decideActivity>[0]>) => ({ measuredSeconds: null, usageSeconds: 0, presence: null, heartbeats: 0, ...over });

describe('active day', () => {
  it('is active from 5 minutes of measured time, and the measure wins over usage', () => {
    expect(decideActivity(day({ measuredSeconds: 300 }), monday, t)).toMatchObject({ signal: 'measured', active: true, activeSeconds: 300 });
    expect(decideActivity(day({ measuredSeconds: 299, usageSeconds: 5000 }), monday, t)).toMatchObject({ signal: 'measured', active: false });
  });

  it('derives activity from app usage when nothing is measured, capped at 24 h', () => {
    expect(decideActivity(day({ usageSeconds: 420 }), monday, t)).toMatchObject({ signal: 'usage', active: true, activeSeconds: 420 });
    expect(decideActivity(day({ usageSeconds: 200 }), monday, t)).toMatchObject({ signal: 'usage', active: false });
    expect(decideActivity(day({ usageSeconds: 90_000 }), monday, t).activeSeconds).toBe(86_400);
  });

  it('infers activity from presence in lesson hours only, labelled and never counted as seconds of use', () => {
    const lessons = decideActivity(day({ presence: seen([9, 10]), heartbeats: 4 }), monday, t);
    expect(lessons).toMatchObject({ signal: 'presence', active: true, activeSeconds: 0, lessonSlots: 4, inferredSeconds: 3600 });
    const evening = decideActivity(day({ presence: seen([19, 21]), heartbeats: 8 }), monday, t);
    expect(evening).toMatchObject({ signal: 'presence', active: false, lessonSlots: 0, online: true });
    expect(decideActivity(day({ presence: seen([9, 10]) }), EMPTY_MASK, t).active).toBe(false);
  });

  it('discounts a cart charging through the night: its daytime presence is not use', () => {
    const charging = decideActivity(day({ presence: seen([0, 24]), heartbeats: 96 }), monday, t);
    expect(charging).toMatchObject({ signal: 'presence_discounted', active: false, inferredSeconds: 0 });
    // Used in class, it still counts through its app usage.
    expect(decideActivity(day({ presence: seen([0, 24]), usageSeconds: 1800 }), monday, t)).toMatchObject({ signal: 'usage', active: true });
    // A short night check-in (an update at 03:00) is not the charging pattern.
    expect(decideActivity(day({ presence: seen([3, 4], [9, 10]) }), monday, t).signal).toBe('presence');
  });

  it('says none, offline, for a device with no data', () => {
    expect(decideActivity(day({}), monday, t)).toMatchObject({ signal: 'none', active: false, online: false });
  });
});
