import { describe, expect, it } from 'vitest';
import { RuleParams } from '@vigie/contracts';
import type { RolledUpDay } from './activity-rate.ts';
import { evaluateRule, type TenantFacts } from './evaluate-rule.ts';
import { failingSources } from './failing-sources.ts';
import type { DeviceFacts } from './firing.ts';
import { obsolescenceReasons } from './obsolete-devices.ts';
import { offlineDevices } from './offline-devices.ts';

const E = '11111111-1111-4111-8111-111111111111';
const device = (over: Partial<DeviceFacts> = {}): DeviceFacts => ({
  id: 'd1',
  serial: 'SN1',
  establishment_id: E,
  cart_id: null,
  kind: 'tablet',
  status: 'in_service',
  assignment: 'individual',
  acquired_on: null,
  warranty_end: null,
  support_end: null,
  first_seen: new Date('2025-09-01T08:00:00Z'),
  last_contact: new Date('2026-03-16T09:00:00Z'),
  ...over,
});
type Rolled = Partial<RolledUpDay> & { day: string };
/** The rollup's device decisions: [device id, day, active]. */
type Decision = [string, string, boolean];
/** The rollup's cart-days: [cart id, day, devices, active devices]. */
type CartDay = [string, string, number, number];
const facts = (
  now: string,
  devices: DeviceFacts[],
  rolled: Rolled[] = [],
  decided: Decision[] = [],
  carts: CartDay[] = [],
): TenantFacts => {
  const decisions = new Map<string, Map<string, boolean>>();
  for (const [id, day, active] of decided) decisions.set(day, (decisions.get(day) ?? new Map<string, boolean>()).set(id, active));
  const cartDays = new Map<string, Map<string, { devices: number; active_devices: number }>>();
  for (const [id, day, n, active] of carts)
    cartDays.set(day, (cartDays.get(day) ?? new Map()).set(id, { devices: n, active_devices: active }));
  return {
    now: new Date(now),
    defaultTimeZone: 'Europe/Paris',
    minGroupDevices: 5,
    devices,
    sources: [],
    establishments: [{ id: E, type: 'college', calendar_zone: 'C', rhythm: null, alsace_moselle: false, time_zone: 'Europe/Paris' }],
    rolledUp: new Map([
      [
        E,
        new Map(
          rolled.map((r) => [
            r.day,
            {
              school_day: true,
              in_service: 0,
              active: 0,
              presence_active: 0,
              judged_on_use: 0,
              reporting: 0,
              silent: 0,
              outage: false,
              ...r,
            },
          ]),
        ),
      ],
    ]),
    decisions: new Map([[E, decisions]]),
    cartDays: new Map([[E, cartDays]]),
  };
};
/** Rolled-up school days (and the weekend days between them, rolled up as non-school days). */
const schoolDays = (...days: string[]): Rolled[] =>
  days.map((day) => ({ day, school_day: ![0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay()) }));
/** Every device judged in service on every day, active only on the listed [id, day] pairs. */
const decide = (ids: string[], days: string[], active: [string, string][] = []): Decision[] =>
  ids.flatMap((id) => days.map((day): Decision => [id, day, active.some(([a, d]) => a === id && d === day)]));
const idle = (school_days: number) => ({ kind: 'device_idle' as const, params: { school_days }, overrides: {} });

describe('device offline', () => {
  it('fires after N days without check-in, never for devices in repair, spare or stock, nor for one that never connected', () => {
    const now = new Date('2026-03-31T12:00:00Z');
    const old = new Date('2026-03-10T12:00:00Z');
    const firing = offlineDevices(
      [
        device({ id: 'a', last_contact: old }),
        device({ id: 'b', last_contact: new Date('2026-03-25T12:00:00Z') }),
        device({ id: 'c', last_contact: old, status: 'in_repair' }),
        device({ id: 'd', last_contact: old, status: 'spare' }),
        device({ id: 'e', last_contact: old, assignment: 'stock' }),
        device({ id: 'f', last_contact: null, first_seen: new Date('2025-09-01T08:00:00Z') }),
      ],
      () => 14,
      now,
    );
    expect(firing.map((f) => f.subjectId)).toEqual(['a']);
    expect(firing[0]!.details).toMatchObject({ silent_days: 21, threshold_days: 14 });
  });
});

describe('device obsolete', () => {
  const p = RuleParams.device_obsolete.parse({ horizon_months: 6 });
  it('gives each reason and the date it applies from, within the horizon', () => {
    expect(
      obsolescenceReasons(device({ support_end: '2026-06-30', warranty_end: '2027-01-01', acquired_on: '2021-05-01' }), p, '2026-03-31'),
    ).toEqual([
      { reason: 'support_end', from: '2026-06-30' },
      { reason: 'age', from: '2026-05-01' },
    ]);
    expect(obsolescenceReasons(device({ kind: 'desktop', acquired_on: '2021-05-01' }), p, '2026-03-31')).toEqual([]);
  });
});

describe('source sync failing', () => {
  const run = (status: string, error_code: string | null = null) => ({ status, error_code, started_at: new Date() });
  it('fires on N consecutive failures, or at once on an authentication failure', () => {
    const firing = failingSources(
      [
        { sourceId: 's1', name: 'intune', runs: [run('failed', 'timeout'), run('failed', 'timeout'), run('failed', 'timeout')] },
        { sourceId: 's2', name: 'jamf', runs: [run('failed', 'timeout'), run('succeeded'), run('failed', 'timeout')] },
        { sourceId: 's3', name: 'google', runs: [run('failed', 'auth_failed')] },
      ],
      3,
    );
    expect(firing.map((f) => f.subjectId)).toEqual(['s1', 's3']);
    expect(firing[1]!.details).toMatchObject({ auth_failure: true });
  });
});

describe("device idle and cart unused (the rollup's decisions on its school days)", () => {
  // Zone C, 2025-2026: spring holidays from Saturday 18 April to Monday 4 May 2026.
  const MARCH = ['2026-03-23', '2026-03-24', '2026-03-25', '2026-03-26', '2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30'];
  const MARCH_SCHOOL = MARCH.filter((d) => !['2026-03-28', '2026-03-29'].includes(d));

  it('fires for the devices the rollup judged in service and not active on each of the last N school days, never for devices in repair', () => {
    const now = '2026-03-31T10:00:00Z'; // Tuesday
    const decided = decide(['idle', 'busy', 'repair'], MARCH_SCHOOL, [['busy', '2026-03-30']]);
    const result = evaluateRule(
      idle(5),
      facts(
        now,
        [device({ id: 'idle' }), device({ id: 'busy' }), device({ id: 'repair', status: 'in_repair' })],
        schoolDays(...MARCH),
        decided,
      ),
    );
    expect(result.firings.map((f) => f.subjectId)).toEqual(['idle']);
    // Wednesday 25 (a morning of classes) counts; the weekend does not.
    expect(result.firings[0]!.details).toMatchObject({ school_days: 5, since: '2026-03-24' });
  });

  it('opens and resolves nothing during holidays or on a weekend', () => {
    for (const now of ['2026-04-22T10:00:00Z', '2026-03-28T10:00:00Z']) {
      const result = evaluateRule(idle(5), facts(now, [device({ id: 'idle' })], schoolDays(...MARCH), decide(['idle'], MARCH_SCHOOL)));
      expect(result.firings).toEqual([]);
      expect(result.skippedEstablishments.has(E)).toBe(true);
    }
  });

  it('skips the outage days the rollup flagged: the window reaches one school day further back', () => {
    const rolled = schoolDays(...MARCH).map((r) => (r.day === '2026-03-27' ? { ...r, outage: true } : r));
    const result = evaluateRule(
      idle(3),
      facts(
        '2026-03-31T10:00:00Z',
        [device({ id: 'idle' }), device({ id: 'used' })],
        rolled,
        decide(['idle', 'used'], MARCH_SCHOOL, [['used', '2026-03-25']]),
      ),
    );
    expect(result.firings.map((f) => f.subjectId)).toEqual(['idle']);
    expect(result.firings[0]!.details).toMatchObject({ since: '2026-03-25' });
  });

  it('counts only days the rollup judged school days: right after the holidays the window reaches before them', () => {
    // Tuesday 5 May: the last 3 school days are 4 May, 17 April and 16 April; activity on 15 April is too old.
    const rolled = schoolDays('2026-04-15', '2026-04-16', '2026-04-17', '2026-05-04').concat([
      { day: '2026-04-20', school_day: false },
      { day: '2026-04-27', school_day: false },
    ]);
    const days = ['2026-04-15', '2026-04-16', '2026-04-17', '2026-04-20', '2026-04-27', '2026-05-04'];
    const result = evaluateRule(
      idle(3),
      facts(
        '2026-05-05T10:00:00Z',
        [device({ id: 'idle' })],
        rolled,
        decide(['idle'], days, [
          ['idle', '2026-04-15'],
          ['idle', '2026-04-20'],
        ]),
      ),
    );
    expect(result.firings[0]!.details).toMatchObject({ since: '2026-04-16' });
    const used = evaluateRule(
      idle(3),
      facts('2026-05-05T10:00:00Z', [device({ id: 'idle' })], rolled, decide(['idle'], days, [['idle', '2026-04-17']])),
    );
    expect(used.firings).toEqual([]);
  });

  it('a device the rollup did not judge in service on a window day (placed since) is not idle yet; a day not rolled up is not in the window', () => {
    const decided = decide(['new'], MARCH_SCHOOL.slice(-2)).concat(decide(['old'], MARCH_SCHOOL));
    const result = evaluateRule(
      idle(3),
      facts('2026-03-31T10:00:00Z', [device({ id: 'new' }), device({ id: 'old' })], schoolDays(...MARCH), decided),
    );
    expect(result.firings.map((f) => f.subjectId)).toEqual(['old']);
    const fewDays = evaluateRule(
      idle(3),
      facts('2026-03-31T10:00:00Z', [device({ id: 'old' })], schoolDays('2026-03-27', '2026-03-30'), decided),
    );
    expect(fewDays.firings).toEqual([]);
  });

  it('uses the per-establishment override of the threshold', () => {
    const rule = { ...idle(10), overrides: { [E]: { school_days: 2 } } };
    const result = evaluateRule(
      rule,
      facts(
        '2026-03-31T10:00:00Z',
        [device({ id: 'idle' })],
        schoolDays(...MARCH),
        decide(['idle'], MARCH_SCHOOL, [['idle', '2026-03-26']]),
      ),
    );
    expect(result.firings[0]!.details).toMatchObject({ school_days: 2, since: '2026-03-27' });
  });

  it('finds a cart the rollup counted with in-service devices and no active one on each of the last N school days', () => {
    const rule = { kind: 'cart_unused' as const, params: { school_days: 3 }, overrides: {} };
    const carts: CartDay[] = [
      ...MARCH_SCHOOL.map((day): CartDay => ['c1', day, 2, 0]),
      ...MARCH_SCHOOL.map((day): CartDay => ['c2', day, 1, day === '2026-03-26' ? 1 : 0]),
      // c3's devices went to repair on the 27th: no device in service that day, not "unused".
      ...MARCH_SCHOOL.map((day): CartDay => ['c3', day, day === '2026-03-27' ? 0 : 4, 0]),
    ];
    const result = evaluateRule(rule, facts('2026-03-31T10:00:00Z', [], schoolDays(...MARCH), [], carts));
    expect(result.firings.map((f) => f.subjectId)).toEqual(['c1']);
    expect(result.firings[0]!.details).toMatchObject({ school_days: 3, since: '2026-03-26', devices: 2 });
  });
});

describe("establishment outage and activity rate (the rollup's establishment-days)", () => {
  it("an outage: today's establishment-day flagged by the rollup, judged from 10:00 local on school days", () => {
    const rule = { kind: 'establishment_outage' as const, params: {}, overrides: {} };
    const today = [{ day: '2026-03-31', reporting: 6, silent: 5, outage: true }];
    const at11 = evaluateRule(rule, facts('2026-03-31T09:00:00Z', [], today));
    expect(at11.firings[0]!.details).toMatchObject({ silent: 5, reporting: 6, silent_share: 0.833 });
    const at9 = evaluateRule(rule, facts('2026-03-31T07:00:00Z', [], today));
    expect(at9.firings).toEqual([]);
    expect(at9.skippedEstablishments.has(E)).toBe(true);
    expect(evaluateRule(rule, facts('2026-03-31T09:00:00Z', [], [{ day: '2026-03-31', reporting: 6, silent: 4 }])).firings).toEqual([]);
    expect(evaluateRule(rule, facts('2026-03-31T09:00:00Z', [], [{ day: '2026-03-30', outage: true }])).firings).toEqual([]);
  });

  it("a low activity rate over the last school days: the rollup's active over in-service device-days, with the presence-based rate and the coverage beside it", () => {
    const rule = { kind: 'activity_rate_low' as const, params: { threshold: 0.5, school_days: 2 }, overrides: {} };
    // Tuesday 31 March: the last 2 school days are Monday 30 and Friday 27 (the weekend is not counted).
    const days = [
      { day: '2026-03-30', in_service: 3, active: 1, presence_active: 3, judged_on_use: 3 },
      { day: '2026-03-28', school_day: false, in_service: 3, active: 3, presence_active: 3, judged_on_use: 3 },
      { day: '2026-03-27', in_service: 3, active: 1, presence_active: 2, judged_on_use: 2 },
    ];
    // Three devices: judged only where the tenant lowered min_group_devices to 3.
    const low = evaluateRule(rule, { ...facts('2026-03-31T10:00:00Z', [], days), minGroupDevices: 3 });
    expect(low.firings[0]!.details).toMatchObject({
      rate: 0.333,
      presence_rate: 0.833,
      coverage: 0.833,
      presence_device_days: 1,
      active_device_days: 2,
      device_days: 6,
      since: '2026-03-27',
      until: '2026-03-30',
    });
    const fine = evaluateRule(rule, {
      ...facts(
        '2026-03-31T10:00:00Z',
        [],
        [
          { day: '2026-03-30', in_service: 3, active: 2 },
          { day: '2026-03-27', in_service: 3, active: 1 },
        ],
      ),
      minGroupDevices: 3,
    });
    expect(fine.firings).toEqual([]);
  });

  it("raises nothing on a rate the API would withhold: fewer devices than the tenant's min_group_devices (@vigie/indicators' isSuppressed)", () => {
    const rule = { kind: 'activity_rate_low' as const, params: { threshold: 0.5, school_days: 2 }, overrides: {} };
    // 4 devices in service on each of the 2 school days (8 device-days), none active.
    const days = [
      { day: '2026-03-30', in_service: 4 },
      { day: '2026-03-27', in_service: 4 },
    ];
    expect(evaluateRule(rule, facts('2026-03-31T10:00:00Z', [], days)).firings).toEqual([]);
    const judged = evaluateRule(rule, { ...facts('2026-03-31T10:00:00Z', [], days), minGroupDevices: 4 });
    expect(judged.firings[0]!.details).toMatchObject({ rate: 0, device_days: 8 });
  });
});
