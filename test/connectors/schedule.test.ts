import { describe, expect, it } from 'vitest';
import { seedTenant, waitFor } from '../setup/test-env.ts';
import { useSyncEnv, fakeSource } from '../setup/fake-mdm-sources.ts';
import { makeFleet } from '../fake-mdm/fleet.ts';
import { startFakeIntune } from '../fake-mdm/intune.ts';
import { auth, createSource, runs, type RunView } from './sync-helpers.ts';

const env = useSyncEnv();

const DAY = 86_400_000;
/** The next 03:15 in La Réunion (UTC+4 all year: no daylight saving) after `now`, in epoch ms. */
function nextReunion0315(now: number): number {
  const today = Math.floor(now / DAY) * DAY - DAY + (23 * 60 + 15) * 60_000;
  let at = today;
  while (at <= now) at += DAY;
  return at;
}

describe("a source's schedule", () => {
  it("fires at its next cron time in the source's time zone, and a run overlapping a sync still running is skipped, not run twice", async () => {
    const tenant = await seedTenant(env, 'schedule');
    // The first list request of the first sync is answered only when the test says so: a sync held
    // in the middle of its run, without timing anything.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const mdm = env.closes(await startFakeIntune(makeFleet(4), { holdAt: { 1: held } }));
    const created = Date.now();
    const id = await createSource(env, tenant, {
      ...fakeSource('intune', mdm.url),
      schedule: '15 3 * * *',
      time_zone: 'Indian/Reunion',
    });

    // On time: the scheduler's next fire and the delayed job it queued both fall on the next 03:15 in La Réunion.
    const due = nextReunion0315(created);
    const scheduler = await env.queues.pullConnector.getJobScheduler(`sync-${id}`);
    expect(scheduler).toMatchObject({ pattern: '15 3 * * *', tz: 'Indian/Reunion', next: due });
    const delayed = (await env.queues.pullConnector.getDelayed()).filter((j) => j.repeatJobKey === `sync-${id}`);
    expect(delayed).toHaveLength(1);
    expect(delayed[0]!.timestamp + delayed[0]!.delay).toBe(due);
    expect(delayed[0]!.data).toEqual({ tenantId: tenant.tenantId, sourceId: id, trigger: 'schedule' });
    const listed = (await env.app.inject({ url: '/v1/sources', headers: auth(tenant.operator) })).json().items[0];
    expect(Date.parse(listed.next_run_at)).toBe(due);

    // A manual sync starts and is held on its first page.
    const manual = await env.app.inject({ method: 'POST', url: `/v1/sources/${id}/sync`, headers: auth(tenant.operator) });
    expect(manual.statusCode, manual.body).toBe(202);
    await waitFor(async () => mdm.stats.listRequests >= 1, 30_000, 'the manual sync to reach the MDM');

    // The schedule fires now (its job moved to due): it finds the source's sync lock taken and is skipped.
    await delayed[0]!.promote();
    let history: RunView[] = [];
    await waitFor(
      async () => {
        history = await runs(env, tenant, id);
        return history.some((r) => r.status === 'skipped');
      },
      30_000,
      'the scheduled run to be skipped',
    );
    expect(history).toHaveLength(2);
    expect(history.find((r) => r.status === 'skipped')).toMatchObject({
      trigger: 'schedule',
      error_code: 'already_running',
      records_seen: 0,
    });
    expect(history.find((r) => r.status === 'running')).toMatchObject({ trigger: 'manual' });

    // Released, the running sync completes alone: one sync's worth of requests, one success.
    release();
    await waitFor(async () => (await runs(env, tenant, id)).every((r) => r.status !== 'running'), 30_000, 'the manual sync to finish');
    const done = await runs(env, tenant, id);
    expect(done.map((r) => `${String((r as RunView & { trigger: string }).trigger)}:${r.status}`).sort()).toEqual([
      'manual:succeeded',
      'schedule:skipped',
    ]);
    expect(done.find((r) => r.status === 'succeeded')).toMatchObject({ records_seen: 4, devices_created: 4 });
    expect(mdm.stats.listRequests).toBe(1);
  });
});
