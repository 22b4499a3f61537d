import { beforeAll, describe, expect, it } from 'vitest';
import { useSyncEnv } from '../setup/fake-mdm-sources.ts';
import { useTenants } from '../setup/use-test-env.ts';
import { makeFleet } from '../fake-mdm/fleet.ts';
import { serveIntune, toGraph } from '../fake-mdm/intune.ts';
import { serveFleetDm, toHost } from '../fake-mdm/fleet-dm.ts';
import { auth, syncFakeSources } from '../connectors/sync-helpers.ts';

const env = useSyncEnv();
const [tenant] = useTenants(env, 'field-resolution');
const ids = { intune: '', fleet: '' };

// One PC known to Intune and to Fleet. Fleet saw it an hour later and disagrees on the model and the
// OS text; Intune's record has no manufacturer, so only Fleet claims one.
const [pc] = makeFleet(2);
const intuneRecord: Record<string, unknown> = { ...toGraph(pc!), model: 'Latitude 3190', osVersion: '10.0.22631.4602' };
delete intuneRecord.manufacturer;
const fleetRecord = {
  ...toHost({ ...pc!, lastCheckIn: new Date(pc!.lastCheckIn.getTime() + 3_600_000) }),
  hardware_model: 'Latitude 3190 2-in-1',
  hardware_vendor: 'Dell Inc.',
};

type Claim = { attribute: string; source: string; value: string; winning: boolean };
const get = async (url: string) => {
  const res = await env.app.inject({ url, headers: auth(tenant.operator) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const device = async () =>
  (await get(`/v1/devices?q=${pc!.serial}`)).items[0] as { id: string; model: string; os_version_raw: string; manufacturer: string };
const winners = async () => {
  const claims = (await get(`/v1/devices/${(await device()).id}/provenance`)).items as Claim[];
  return Object.fromEntries(
    ['model', 'os_version_raw', 'manufacturer'].map((a) => [a, claims.filter((c) => c.attribute === a && c.winning).map((c) => c.source)]),
  );
};
const prioritise = async (source: string, priority: number) => {
  const res = await env.app.inject({
    method: 'PATCH',
    url: `/v1/sources/${source}`,
    headers: auth(tenant.operator),
    payload: { priority },
  });
  expect(res.statusCode, res.body).toBe(200);
};

beforeAll(async () => {
  Object.assign(
    ids,
    await syncFakeSources(env, tenant, { intune: await serveIntune(() => [intuneRecord]), fleet: await serveFleetDm(() => [fleetRecord]) }),
  );
});

describe('when sources disagree', () => {
  it('each field is resolved on its own, by source priority then freshness, and the provenance shows the winner', async () => {
    // Same priority: the fresher claim (Fleet) wins each field both claim.
    expect(await device()).toMatchObject({
      model: 'Latitude 3190 2-in-1',
      os_version_raw: 'Microsoft Windows 11 Éducation 23H2',
      manufacturer: 'Dell Inc.',
    });
    expect(await winners()).toEqual({ model: ['fleet'], os_version_raw: ['fleet'], manufacturer: ['fleet'] });

    // Intune preferred: it wins every field it claims, older as it is; Fleet keeps the field only it claims.
    await prioritise(ids.intune, 10);
    expect(await device()).toMatchObject({ model: 'Latitude 3190', os_version_raw: '10.0.22631.4602', manufacturer: 'Dell Inc.' });
    expect(await winners()).toEqual({ model: ['intune'], os_version_raw: ['intune'], manufacturer: ['fleet'] });

    // Both preferred alike again: freshness decides again.
    await prioritise(ids.fleet, 10);
    expect(await winners()).toEqual({ model: ['fleet'], os_version_raw: ['fleet'], manufacturer: ['fleet'] });
    expect((await device()).model).toBe('Latitude 3190 2-in-1');
  });
});
