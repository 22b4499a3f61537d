import { randomUUID } from 'node:crypto';
import { alerts, ingestBatches, peopleSessions, sources, syncRuns } from '@vigie/store';
import { baseTime, heartbeat, inventory } from './events.ts';
import { pushAndWait } from './push.ts';
import { type SeededTenant, type TestEnv } from './test-env.ts';

export type PopulatedTenant = Awaited<ReturnType<typeof populateTenant>>;

/**
 * A seeded tenant given one thing of each kind a tenant owns (devices, a cart, a pulled source and a
 * sync run, an alert rule and an alert, a notification endpoint, a calendar exception, a cohort, a
 * failed batch, a person's session), through the API where a route makes it. Every name carries
 * `tag`. Needs a running worker (the devices are pushed) and SECRETS_KEY (the source).
 */
export async function populateTenant(env: TestEnv, tenant: SeededTenant, tag: string) {
  const base = baseTime(1);
  const day = base.toISOString().slice(0, 10);
  const as = { authorization: `Bearer ${tenant.operator}` };
  const created = async (url: string, payload: object) => {
    const res = await env.app.inject({ method: 'POST', url, headers: as, payload });
    if (res.statusCode !== 201) throw new Error(`${url} answered ${res.statusCode}: ${res.body}`);
    return res.json().id as string;
  };

  const pushSource = `mdm-${tag}`;
  const events = [
    inventory(`${tag}-dev-1`, base, { establishment_uai: tenant.uai }),
    heartbeat(`${tag}-dev-1`, base, 1),
    inventory(`${tag}-dev-2`, base, { establishment_uai: tenant.uai }),
  ];
  await pushAndWait(env, tenant, events, pushSource);
  const devices = ((await env.app.inject({ url: '/v1/devices', headers: as })).json().items as { id: string }[]).map((d) => d.id);

  const cart = await created(`/v1/establishments/${tenant.uai}/carts`, { name: `chariot-${tag}` });
  const source = await created('/v1/sources', {
    name: `source-${tag}`,
    kind: 'jamf_school',
    base_url: `https://${tag}.jamfcloud.com/api`,
    credentials: { network_id: 'n', api_key: 'k' },
  });
  const rule = await created('/v1/alert-rules', {
    kind: 'device_offline',
    name: `rule-${tag}`,
    params: { days: 7 },
    overrides: { [tenant.establishmentId]: { days: 3 } },
  });
  const endpoint = await created('/v1/notification-endpoints', { kind: 'email', name: `endpoint-${tag}`, email: `dsi-${tag}@example.org` });
  const exception = await created('/v1/calendar/exceptions', { establishment: tenant.uai, kind: 'closure', from: day, to: day });
  const cohort = await created('/v1/cohorts', { name: `cohort-${tag}`, member_kind: 'establishment', members: [tenant.uai] });
  // No route opens an alert, starts a run, fails a batch or opens a session: the worker and sign-in do.
  const alert = (await alerts.open(env.db, tenant.tenantId, {
    ruleId: rule,
    ruleKind: 'device_offline',
    severity: 'warning',
    subjectType: 'device',
    subjectId: devices[0]!,
    establishmentId: tenant.establishmentId,
    title: `alert-${tag}`,
    details: {},
  }))!.id;
  const run = (await syncRuns.start(env.db, tenant.tenantId, source, 'manual')).id;
  const failedBatch = randomUUID();
  await ingestBatches.acceptMany(env.db, [
    {
      id: failedBatch,
      tenantId: tenant.tenantId,
      sourceId: await sources.ensure(env.db, tenant.tenantId, pushSource),
      eventsJson: '[]',
      eventCount: 0,
    },
  ]);
  await ingestBatches.markFailed(env.db, tenant.tenantId, failedBatch, `failure-${tag}`);
  const session = (
    await peopleSessions.create(env.db, tenant.tenantId, {
      role: 'operator',
      establishmentUais: [],
      subject: `person-${tag}`,
      displayName: `Person ${tag}`,
      method: 'link',
      maxHours: 8,
    })
  ).id;

  return {
    devices,
    cart,
    source,
    rule,
    endpoint,
    exception,
    cohort,
    alert,
    run,
    failedBatch,
    session,
    pushSource,
    /** Every identifier and name above, as a response would carry them. */
    traces: [
      tenant.tenantId,
      tenant.establishmentId,
      tenant.uai,
      ...devices,
      `SN-${tag}-dev`,
      `${tag}-dev-`,
      pushSource,
      cart,
      `chariot-${tag}`,
      source,
      `source-${tag}`,
      rule,
      `rule-${tag}`,
      endpoint,
      `endpoint-${tag}`,
      `dsi-${tag}@`,
      exception,
      cohort,
      `cohort-${tag}`,
      alert,
      `alert-${tag}`,
      run,
      failedBatch,
      `failure-${tag}`,
      session,
      `person-${tag}`,
    ],
  };
}
