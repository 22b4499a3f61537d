import type { SourceKind } from '@vigie/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSyncEnv, fakeSource, googleKeys } from '../setup/fake-mdm-sources.ts';
import { useTenants } from '../setup/use-test-env.ts';
import { makeFleet, PERSONAL_NAMES } from '../fake-mdm/fleet.ts';
import type { FakeMdm } from '../fake-mdm/fake-server.ts';
import { startFakeIntune } from '../fake-mdm/intune.ts';
import { startFakeGoogle } from '../fake-mdm/google.ts';
import { startFakeJamfPro } from '../fake-mdm/jamf-pro.ts';
import { startFakeJamfSchool } from '../fake-mdm/jamf-school.ts';
import { startFakeFleetDm } from '../fake-mdm/fleet-dm.ts';
import { startFakeGlpi } from '../fake-mdm/glpi.ts';
import { startFakeHeadwind } from '../fake-mdm/headwind.ts';
import { counts, createSource, findPersonalData, syncNow } from '../connectors/sync-helpers.ts';

const env = useSyncEnv();
const [tenant] = useTenants(env, 'all-sources');
const sourceIds: string[] = [];

beforeAll(async () => {
  // One school's ten machines, known to all seven systems under each system's own ids.
  const fleet = makeFleet(10);
  const fakes: [SourceKind, FakeMdm][] = [
    ['intune', await startFakeIntune(fleet)],
    ['google', await startFakeGoogle(fleet, googleKeys().public)],
    ['jamf_pro', await startFakeJamfPro(fleet)],
    ['jamf_school', await startFakeJamfSchool(fleet)],
    ['fleet', await startFakeFleetDm(fleet)],
    ['glpi', await startFakeGlpi(fleet)],
    ['headwind', await startFakeHeadwind(fleet)],
  ];
  for (const [kind, fake] of fakes)
    sourceIds.push(await createSource(env, tenant, { ...fakeSource(kind, env.closes(fake).url), page_size: 4 }));
});

describe('every source at once', () => {
  it('merges what seven MDMs say about the same machines, and a second full sync of each changes no count', async () => {
    for (const id of sourceIds)
      expect(await syncNow(env, tenant, id)).toMatchObject({ status: 'succeeded', records_seen: 10, rejected: 0 });
    // Nine real serials are nine devices; the placeholder-serial machine is one device per MDM.
    const once = await counts(env, tenant.tenantId);
    expect(once).toMatchObject({ devices: 9 + 7, heartbeats: 7 * 10 });
    for (const id of sourceIds)
      expect(await syncNow(env, tenant, id)).toMatchObject({ status: 'succeeded', devices_created: 0, devices_unchanged: 10 });
    expect(await counts(env, tenant.tenantId)).toEqual(once);
    expect(await findPersonalData(env, PERSONAL_NAMES)).toEqual([]);
  });
});
