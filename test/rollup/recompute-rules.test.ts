import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { ROLLUP_TEST_ENV, rolledUp } from '../setup/rollups.ts';
import { device } from '../setup/events.ts';
import { push } from '../setup/push.ts';
import { expectDoneLive, listRuns, recomputeDone } from './recompute-runs.ts';

const env = useTestEnv({ env: ROLLUP_TEST_ENV, worker: true });
const [t] = useTenants(env, 'recompute-rules');

const call = (method: 'GET' | 'PUT' | 'POST' | 'PATCH', url: string, payload?: object) =>
  env.app.inject({ method, url, headers: { authorization: `Bearer ${t.operator}` }, ...(payload ? { payload } : {}) });
const runs = () => listRuns(env, t);
const flagged = async () => (await call('GET', '/v1/obsolescence')).json().devices_flagged as number;

beforeAll(async () => {
  // Acquired 2025-09-01: over one year old, under the default age limits.
  await push(env, t.connector, [device('r1', { kind: 'tablet' })]);
  await rolledUp(env, t.tenantId);
}, 60_000);

describe('a change of rules recomputes in the background', () => {
  it('new obsolescence rules are a recompute run that is done once the fleet is re-evaluated, with progress live', async () => {
    await waitFor(async () => (await flagged()) === 0, 20_000, 'first evaluation');
    const res = await call('PUT', '/v1/obsolescence/rules', { rules: [{ reason: 'age', threshold: 1 }] });
    expect(res.statusCode).toBe(200);
    const run = res.json().recompute;
    expect(run).toMatchObject({ reason: 'obsolescence_rules', status: 'running', days_total: 1, days_done: 0 });
    await recomputeDone(env, t, run.id);
    // Done means re-evaluated: the flags already follow the new rule.
    expect(await flagged()).toBe(1);
    expect((await runs()).pending).toBe(false);
    await expectDoneLive(env, t, run);
  });

  it('a changed alert rule is evaluated at once: its new threshold opens alerts without waiting for data or the schedule', async () => {
    // No evaluation pending (the push's is over): only the rule's own can open the alert.
    await waitFor(
      async () => {
        const c = await env.queues.evaluateAlerts.getJobCounts('delayed', 'waiting', 'active', 'prioritized');
        return Object.values(c).every((n) => n === 0);
      },
      20_000,
      'evaluations after the push done',
    );
    const created = await call('POST', '/v1/alert-rules', {
      kind: 'device_obsolete',
      name: 'old tablets',
      params: { horizon_months: 0, max_age_years: { tablet: 20 } },
    });
    expect(created.statusCode).toBe(201);
    const ruleId = created.json().id as string;
    const open = async () => ((await call('GET', `/v1/alerts?rule_id=${ruleId}`)).json().items as unknown[]).length;
    expect(
      (await call('PATCH', `/v1/alert-rules/${ruleId}`, { params: { horizon_months: 0, max_age_years: { tablet: 1 } } })).statusCode,
    ).toBe(200);
    await waitFor(async () => (await open()) === 1, 15_000, 'alert of the changed rule');
  });
});
