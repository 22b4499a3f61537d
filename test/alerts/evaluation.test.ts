import { beforeAll, describe, expect, it } from 'vitest';
import { enqueue } from '@vigie/queue';
import { alertRules, alerts, fleetSummary, ingestBatches } from '@vigie/store';
import { seedTenant, waitFor, type SeededTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { postEvents } from '../setup/push.ts';
import { connectStream, until } from '../setup/live-client.ts';
import { evaluateAlertsNow } from '../setup/alert-evaluation.ts';
import { createRule } from '../setup/alert-rules.ts';

const env = useTestEnv({ worker: true });
let url: string;
let t: SeededTenant;

beforeAll(async () => {
  url = await env.app.listen({ host: '127.0.0.1', port: 0 });
  t = await seedTenant(env, 'eval');
});

const push = (events: unknown[]) => postEvents(env, t.connector, events, 'jamf');

async function evaluated(times = 1) {
  for (let i = 0; i < times; i++) await evaluateAlertsNow(env, t.tenantId);
}

describe('rule evaluation by the worker', () => {
  it('a real websocket client receives an alert opened by the worker; evaluating again opens no second alert', async () => {
    const old = baseTime(20);
    expect((await push([inventory('silent', old), heartbeat('silent', old, 5), inventory('fresh', baseTime(0))])).statusCode).toBe(202);
    await waitFor(async () => (await fleetSummary.read(env.db, t.tenantId, new Date())).total === 2, 15_000, 'devices stored');
    const rule = await createRule(env, t.tenantId, { severity: 'critical', params: { days: 14, clear_for_minutes: 0 } });
    const client = await connectStream(url, t.operator);
    await client.next('ready');
    await client.subscribe(['alerts']);
    await evaluated(2);
    await until(() => client.events().some((e) => e.event.kind === 'alert.opened'), 10_000, 'alert.opened');
    const opened = client.events().filter((e) => e.event.kind === 'alert.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.event).toMatchObject({
      alert: {
        rule_id: rule.id,
        rule_kind: 'device_offline',
        severity: 'critical',
        subject_type: 'device',
        establishment_id: t.establishmentId,
      },
    });
    expect(await alerts.list(env.db, t.tenantId, { ruleId: rule.id, limit: 10 })).toHaveLength(1);
    client.close();
  });

  it('an alert still firing shows the condition as it is now: one alert, its details refreshed', async () => {
    const rule = (await alertRules.list(env.db, t.tenantId)).find((r) => r.name === 'offline')!;
    const [before] = await alerts.list(env.db, t.tenantId, { ruleId: rule.id, limit: 10 });
    // A late upload from 16 days ago: still silent past the 14-day threshold, but seen more recently.
    expect(await push([heartbeat('silent', baseTime(16), 1)])).toMatchObject({ statusCode: 202 });
    await waitFor(async () => !(await ingestBatches.countByStatus(env.db, t.tenantId)).accepted, 15_000, 'batch stored');
    await evaluated();
    const after = await alerts.list(env.db, t.tenantId, { ruleId: rule.id, limit: 10 });
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before!.id, state: 'open' });
    expect(Number(after[0]!.details.silent_days)).toBeLessThan(Number(before!.details.silent_days));
    expect(Number(after[0]!.details.silent_days)).toBeGreaterThanOrEqual(14);
  });

  it('resolves when the device checks in again, after the hysteresis delay only', async () => {
    const rule = (await alertRules.list(env.db, t.tenantId)).find((r) => r.name === 'offline')!;
    const slow = await createRule(env, t.tenantId, { name: 'offline-slow', params: { days: 14, clear_for_minutes: 60 } });
    await evaluated();
    expect(await push([heartbeat('silent', baseTime(0), 1)])).toMatchObject({ statusCode: 202 });
    await waitFor(
      async () => (await alerts.list(env.db, t.tenantId, { state: 'resolved', ruleId: rule.id, limit: 10 })).length === 1,
      20_000,
      'auto-resolve',
    );
    await evaluated();
    const [kept] = await alerts.list(env.db, t.tenantId, { ruleId: slow.id, limit: 10 });
    expect(kept).toMatchObject({ state: 'open' });
    expect(kept!.clear_since).not.toBeNull();
    const history = await alerts.history(env.db, t.tenantId, (await alerts.list(env.db, t.tenantId, { ruleId: rule.id, limit: 1 }))[0]!.id);
    expect(history.map((h) => `${h.to_state}:${h.actor_name}`)).toEqual(['open:vigie', 'resolved:vigie']);
  });

  it('stored batches share one delayed evaluation, and one stored while it runs gets its own', async () => {
    // The start of a 5 s slot an hour ahead: queued now and 1 s later, same slot.
    const now = Math.ceil((Date.now() + 3_600_000) / 5_000) * 5_000;
    const job = { tenantId: t.tenantId, trigger: 'ingest' } as const;
    // The batches of the tests before may still have an evaluation waiting its 5 s, in a slot of
    // now: only this hour-ahead window's count.
    const inWindow = async () =>
      (await env.queues.evaluateAlerts.getDelayed())
        .filter((j) => j.data.tenantId === t.tenantId && j.data.trigger === 'ingest' && Number(j.id!.split('-').at(-1)) >= now / 5_000)
        .map((j) => j.id);
    await enqueue.evaluateAlerts(env.queues, job, now);
    await enqueue.evaluateAlerts(env.queues, job, now + 1_000);
    // The first job runs 5 s after it was queued: by then the slot has changed.
    await enqueue.evaluateAlerts(env.queues, job, now + 5_000);
    const added = await inWindow();
    expect(added.sort()).toEqual([enqueue.evaluateAlertsJobId(job, now), enqueue.evaluateAlertsJobId(job, now + 5_000)].sort());
    // Scheduled evaluations run at once and share one job id within the minute: a retried tick adds none.
    const scheduled = { tenantId: t.tenantId, trigger: 'schedule' } as const;
    const minute = Math.ceil(now / 60_000) * 60_000;
    expect(enqueue.evaluateAlertsJobId(scheduled, minute + 1_000)).toBe(enqueue.evaluateAlertsJobId(scheduled, minute + 59_000));
  });
});
