import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, seedTenant, type SeededTenant, type TestEnv } from '../setup/test-env.ts';
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

let env: TestEnv;
let tenant: SeededTenant;
const servers: FakeMdm[] = [];
const sourceIds: string[] = [];
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

beforeAll(async () => {
  env = await createTestEnv({ SECRETS_KEY: randomBytes(32).toString('base64') });
  await env.startWorker();
  tenant = await seedTenant(env, 'all-sources');
  // One school's ten machines, known to all seven systems under each system's own ids.
  const fleet = makeFleet(10);
  const start = async (server: Promise<FakeMdm>) => {
    const s = await server;
    servers.push(s);
    return s.url;
  };
  const bodies = [
    {
      kind: 'intune',
      url: await start(startFakeIntune(fleet)),
      extra: (u: string) => ({ token_url: `${u}/token`, credentials: { client_id: 'c', client_secret: 'graph-secret' } }),
    },
    {
      kind: 'google',
      url: await start(startFakeGoogle(fleet, publicKey.export({ type: 'spki', format: 'pem' }).toString())),
      extra: (u: string) => ({
        token_url: `${u}/token`,
        credentials: {
          client_email: 'sa@p.iam.gserviceaccount.com',
          private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        },
      }),
    },
    {
      kind: 'jamf_pro',
      url: await start(startFakeJamfPro(fleet)),
      extra: () => ({ credentials: { client_id: 'c', client_secret: 'jamf-secret' } }),
    },
    {
      kind: 'jamf_school',
      url: await start(startFakeJamfSchool(fleet)),
      extra: (u: string) => ({ base_url: `${u}/api`, credentials: { network_id: 'net-1', api_key: 'school-key' } }),
    },
    { kind: 'fleet', url: await start(startFakeFleetDm(fleet)), extra: () => ({ credentials: { api_token: 'fleet-api-token' } }) },
    {
      kind: 'glpi',
      url: await start(startFakeGlpi(fleet)),
      extra: (u: string) => ({ base_url: `${u}/apirest.php`, credentials: { user_token: 'glpi-user-token', app_token: 'glpi-app-token' } }),
    },
    {
      kind: 'headwind',
      url: await start(startFakeHeadwind(fleet)),
      extra: () => ({ credentials: { login: 'vigie', password: 'hmdm-password' } }),
    },
  ];
  for (const b of bodies) {
    sourceIds.push(
      await createSource(env, tenant, { name: b.kind.replace('_', '-'), kind: b.kind, base_url: b.url, page_size: 4, ...b.extra(b.url) }),
    );
  }
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await env?.close();
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
