import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { apiTokens } from '@vigie/store';
import { cartsOf, devicesOf, inventoryEvents, planFleet, provisionFleet, Sources, type Device, type Source } from '@vigie/simulator';
import { createTestEnv, type SeededTenant, type TestEnv } from '../setup/test-env.ts';
import type { FakeMdm } from '../fake-mdm/fake-server.ts';
import type { FleetDevice } from '../fake-mdm/fleet.ts';
import { startFakeGlpi } from '../fake-mdm/glpi.ts';
import { startFakeGoogle } from '../fake-mdm/google.ts';
import { startFakeHeadwind } from '../fake-mdm/headwind.ts';
import { startFakeIntune } from '../fake-mdm/intune.ts';
import { startFakeJamfPro } from '../fake-mdm/jamf-pro.ts';
import { placeOf, SIMULATED_PERSONAL_NAMES, simulatedFleet } from '../fake-mdm/simulated-fleet.ts';
import { createSource, findPersonalData, syncNow, type RunView } from './sync-helpers.ts';

// A simulated département (a collège near Paris, one in La Réunion, 300 devices) served by five fake
// MDMs, one per simulator source, pulled by the real connectors and worker, then compared with the
// simulator's ground truth.

const plan = planFleet({ seed: 41, devices: 300, establishments: 2, tenantPrefix: 'simmdm-' });
const asOf = Math.floor(Date.now() / 1000) * 1000;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = { private: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), public: publicKey.export({ type: 'spki', format: 'pem' }).toString() };

/** How each simulator source is served and configured: its fake, the connector's id for a record, its source body. */
interface Served {
  kind: string;
  start(fleet: FleetDevice[]): Promise<FakeMdm>;
  externalId(d: FleetDevice): string;
  body(url: string): Record<string, unknown>;
  /** Place names as this MDM's records show them to the mapping rules. */
  place?(name: string): string;
}

// One rate-limit answer per MDM (Google's is a 403), so the sync goes through each client's retry.
const rateLimited = { rateLimitAt: [2], retryAfter: '0.05' };
const SERVED: Record<Source, Served> = {
  [Sources.jamf]: {
    kind: 'jamf_pro', start: (fleet) => startFakeJamfPro(fleet, rateLimited), externalId: (d) => `mobile-${d.num}`,
    body: (url) => ({ base_url: url, credentials: { client_id: 'vigie', client_secret: 'jamf-secret' } }),
  },
  [Sources.headwind]: {
    kind: 'headwind', start: (fleet) => startFakeHeadwind(fleet, rateLimited), externalId: (d) => String(d.num),
    body: (url) => ({ base_url: url, credentials: { login: 'vigie', password: 'hmdm-password' } }),
  },
  [Sources.intune]: {
    kind: 'intune', start: (fleet) => startFakeIntune(fleet, rateLimited), externalId: (d) => d.id,
    body: (url) => ({ base_url: url, token_url: `${url}/token`, credentials: { client_id: 'vigie', client_secret: 'graph-secret' } }),
  },
  [Sources.google]: {
    kind: 'google',
    start: (fleet) => startFakeGoogle(fleet, pem.public, { ...rateLimited, rateLimitReply: { status: 403, body: { error: { code: 403, errors: [{ reason: 'userRateLimitExceeded' }] } } } }, 5),
    externalId: (d) => d.id,
    body: (url) => ({
      base_url: url, token_url: `${url}/token`, options: { customer_id: 'my_customer', telemetry: 'on', telemetry_base_url: url },
      credentials: { client_email: 'vigie-sync@projet.iam.gserviceaccount.com', private_key: pem.private, subject: 'admin@college.example.fr' },
    }),
  },
  // GLPI is the inventory of record (statuses for every kind): its claims win over the other MDMs'.
  [Sources.glpi]: {
    kind: 'glpi', start: (fleet) => startFakeGlpi(fleet, rateLimited), externalId: (d) => String(d.num),
    body: (url) => ({ base_url: `${url}/apirest.php`, time_zone: 'Europe/Paris', priority: 10, credentials: { user_token: 'glpi-user-token', app_token: 'glpi-app-token' } }),
    place: (name) => `Collège > ${name}`,
  },
};

/** Mapping rules from each MDM's place names to the plan's establishments and carts (carts first: the first match wins). */
function mappingFor(served: Served) {
  const place = served.place ?? ((name: string) => name);
  return [
    ...cartsOf(plan).map((c) => ({ match: place(placeOf(c.uai, c.name)), uai: c.uai, cart: c.name })),
    ...plan.establishments.map((e) => ({ match: `${place(e.uai)}*`, uai: e.uai })),
  ];
}

interface Expected {
  uai: string;
  kind: string;
  status: string;
  cart: string | null;
}

// What Vigie can know of a status: GLPI states say them all; Google has retired (DEPROVISIONED) and
// lost (DISABLED); Intune, Jamf Pro and Headwind lists say none, so Vigie's default stands.
function visibleStatus(device: Device): string {
  const { activity, glpi } = device.sources;
  if (activity === Sources.glpi || glpi?.serial === device.serial) return device.status;
  if (activity === Sources.google && (device.status === 'retired' || device.status === 'lost')) return device.status;
  return 'in_service';
}

/**
 * The ground truth as Vigie should hold it: one device per real device, whatever the number of its
 * records (re-enrolments, GLPI's copy), plus one per GLPI record with a BIOS placeholder serial
 * (which must never merge). Keyed by truth id; each served record names the truth id it belongs to.
 */
function expectedDevices() {
  const devices = new Map<string, Expected>();
  const recordOwner = new Map<string, string>();
  for (const establishment of plan.establishments) {
    for (const device of devicesOf(plan, establishment)) {
      const id = `${establishment.uai}/${device.index}`;
      const seen = { uai: establishment.uai, kind: device.model.kind, cart: device.group.cart };
      devices.set(id, { ...seen, status: visibleStatus(device) });
      const { sources } = device;
      recordOwner.set(`${sources.activity}/${sources.activityId}`, id);
      if (sources.reenrolledId) recordOwner.set(`${sources.activity}/${sources.reenrolledId}`, id);
      if (sources.glpi && sources.glpi.serial !== device.serial) {
        devices.set(`${id}/placeholder`, { ...seen, status: device.status });
        recordOwner.set(`${Sources.glpi}/${sources.glpi.id}`, `${id}/placeholder`);
      } else if (sources.glpi) recordOwner.set(`${Sources.glpi}/${sources.glpi.id}`, id);
    }
  }
  return { devices, recordOwner };
}

let env: TestEnv;
let tenant: SeededTenant;
const servers: FakeMdm[] = [];
const fleets = new Map<Source, FleetDevice[]>();
const sourceIds = new Map<Source, string>();
const runs = new Map<Source, RunView>();

beforeAll(async () => {
  env = await createTestEnv({
    SECRETS_KEY: randomBytes(32).toString('base64'), CONNECTOR_TIMEOUT_MS: '2000', CONNECTOR_BACKOFF_BASE_MS: '20', CONNECTOR_BACKOFF_MAX_MS: '100',
  });
  await env.startWorker();
  const address = await env.app.listen({ host: '127.0.0.1', port: 0 });
  const admin = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'simulated fleet' });
  const provisioned = [...(await provisionFleet({ baseUrl: address, token: admin.token }, plan, 'simulated fleet')).values()][0]!;
  tenant = { tenantId: provisioned.tenantId, operator: provisioned.operator.token, connector: provisioned.connector.token, uai: plan.establishments[0]!.uai, establishmentId: '' };
  for (const [source, served] of Object.entries(SERVED) as [Source, Served][]) {
    const fleet = simulatedFleet(plan, source, asOf);
    const mdm = await served.start(fleet);
    servers.push(mdm);
    fleets.set(source, fleet);
    sourceIds.set(source, await createSource(env, tenant, { name: source, kind: served.kind, page_size: 40, mapping: mappingFor(served), ...served.body(mdm.url) }));
  }
  for (const [source, id] of sourceIds) runs.set(source, await syncNow(env, tenant, id));
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await env?.close();
});

interface StoredRecord {
  source: string;
  external_id: string;
  device_id: string;
  uai: string | null;
  kind: string;
  status: string;
  cart: string | null;
}

const storedRecords = async () => (await sql<StoredRecord>`
  SELECT s.name AS source, ds.external_id, d.id AS device_id, e.uai, d.kind, d.status, c.name AS cart
  FROM device_sources ds
  JOIN sources s ON s.tenant_id = ds.tenant_id AND s.id = ds.source_id
  JOIN devices d ON d.tenant_id = ds.tenant_id AND d.id = ds.device_id
  LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
  LEFT JOIN carts c ON c.tenant_id = d.tenant_id AND c.id = d.cart_id
  WHERE ds.tenant_id = ${tenant.tenantId}`.execute(env.db)).rows;

describe('a simulated fleet pulled from five fake MDMs', () => {
  const truth = expectedDevices();

  it('serves what the truth describes: shared serials, a re-enrolment, BIOS placeholders, personal fields', () => {
    const served = [...fleets.values()].flat();
    expect(served.length).toBe([...inventoryEvents(plan, asOf)].length);
    const serials = new Map<string, number>();
    for (const d of served) serials.set(d.serial, (serials.get(d.serial) ?? 0) + 1);
    const glpi = fleets.get(Sources.glpi)!;
    expect(glpi.filter((d) => d.serial === 'To be filled by O.E.M.').length).toBeGreaterThan(0);
    expect(glpi.filter((d) => serials.get(d.serial) === 2).length).toBeGreaterThan(10);
    expect(fleets.get(Sources.jamf)!.some((d) => d.id.endsWith('-re'))).toBe(true);
    expect(served.filter((d) => d.user).length).toBeGreaterThan(20);
  });

  it('every sync succeeds, sees every served record once and rejects nothing', () => {
    for (const [source, run] of runs) {
      expect({ source, ...run }).toMatchObject({ source, status: 'succeeded', records_seen: fleets.get(source)!.length, duplicates: 0, rejected: 0 });
    }
  });

  it('holds one device per real device (same serial in two MDMs or re-enrolled: one device) plus one per placeholder record', async () => {
    const devices = await sql<{ n: number }>`SELECT count(*)::int AS n FROM devices WHERE tenant_id = ${tenant.tenantId}`.execute(env.db);
    const placeholders = [...truth.devices.keys()].filter((k) => k.endsWith('/placeholder')).length;
    expect(placeholders).toBeGreaterThan(0);
    expect(devices.rows[0]!.n).toBe(plan.deviceCount + placeholders);

    // Each served record resolves to the device of its truth id, and no device holds two truth ids.
    const byTruth = new Map<string, Set<string>>();
    const byDevice = new Map<string, Set<string>>();
    const records = await storedRecords();
    for (const [source, fleet] of fleets) {
      const external = new Map(fleet.map((d) => [SERVED[source].externalId(d), d.id]));
      for (const r of records.filter((x) => x.source === source)) {
        const owner = truth.recordOwner.get(`${source}/${external.get(r.external_id)}`) ?? `unknown ${source}/${r.external_id}`;
        byTruth.set(owner, (byTruth.get(owner) ?? new Set()).add(r.device_id));
        byDevice.set(r.device_id, (byDevice.get(r.device_id) ?? new Set()).add(owner));
      }
    }
    expect(records.length).toBe([...fleets.values()].flat().length);
    expect([...byTruth.keys()].sort()).toEqual([...truth.devices.keys()].sort());
    expect([...byTruth].filter(([, ids]) => ids.size !== 1)).toEqual([]);
    expect([...byDevice].filter(([, owners]) => owners.size !== 1)).toEqual([]);
  });

  it("gives each device the truth's establishment, cart, kind and the status its MDMs can express", async () => {
    const records = await storedRecords();
    const mismatches: string[] = [];
    for (const [source, fleet] of fleets) {
      const external = new Map(fleet.map((d) => [SERVED[source].externalId(d), d.id]));
      for (const r of records.filter((x) => x.source === source)) {
        const owner = truth.recordOwner.get(`${source}/${external.get(r.external_id)}`)!;
        const expected = truth.devices.get(owner)!;
        const actual = { uai: r.uai, kind: r.kind, cart: r.cart, status: r.status };
        if (JSON.stringify(actual) !== JSON.stringify(expected)) mismatches.push(`${owner} via ${source}: ${JSON.stringify(actual)} != ${JSON.stringify(expected)}`);
      }
    }
    expect(mismatches).toEqual([]);
    // Statuses other than in service did come through (GLPI's states, Google's DISABLED/DEPROVISIONED).
    expect(new Set(records.map((r) => r.status)).size).toBeGreaterThan(2);
  });

  it('stores none of the served user names or e-mail addresses', async () => {
    expect(await findPersonalData(env, SIMULATED_PERSONAL_NAMES)).toEqual([]);
  });
});
