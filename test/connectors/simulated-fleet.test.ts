import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { apiTokens } from '@vigie/store';
import { inventoryEvents, planFleet, provisionFleet, Sources, type FleetPlan, type Source } from '@vigie/simulator';
import type { SeededTenant } from '../setup/test-env.ts';
import { FAST_CONNECTOR_ENV, useSyncEnv } from '../setup/fake-mdm-sources.ts';
import type { FleetDevice } from '../fake-mdm/fleet.ts';
import { SIMULATED_PERSONAL_NAMES, simulatedFleet } from '../fake-mdm/simulated-fleet.ts';
import { expectedDevices } from './fleet-truth.ts';
import {
  GOOGLE_TELEMETRY_SESSIONS,
  mappingFor,
  SERVED_BY_OTHER_MDMS,
  SERVED_BY_USUAL_MDMS,
  type ServedSource,
} from './simulated-sources.ts';
import { counts, createSource, findPersonalData, syncNow, type RunView } from './sync-helpers.ts';

// A simulated département (a collège near Paris, one in La Réunion, 300 devices) served by fake
// MDMs, one per simulator source, pulled through the API, the real connectors and the worker, then
// compared with the simulator's ground truth. Twice: with the usual MDMs, then with Jamf School and
// Fleet in place of Jamf Pro and Intune, so all seven fakes serve simulated devices.

const env = useSyncEnv({ ...FAST_CONNECTOR_ENV, CONNECTOR_TIMEOUT_MS: '2000' });
let address: string;
let adminToken: string;

beforeAll(async () => {
  address = await env.app.listen({ host: '127.0.0.1', port: 0 });
  adminToken = (await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'simulated fleet' })).token;
});

interface StoredRecord {
  source: string;
  external_id: string;
  device_id: string;
  uai: string | null;
  cart: string | null;
  kind: string;
  status: string;
}

/** Every source record Vigie linked, with the device it resolved to and where that device stands. */
const storedRecords = async (tenantId: string) =>
  (
    await sql<StoredRecord>`
  SELECT s.name AS source, ds.external_id, d.id AS device_id, e.uai, c.name AS cart, d.kind, d.status
  FROM device_sources ds
  JOIN sources s ON s.tenant_id = ds.tenant_id AND s.id = ds.source_id
  JOIN devices d ON d.tenant_id = ds.tenant_id AND d.id = ds.device_id
  LEFT JOIN establishments e ON e.tenant_id = d.tenant_id AND e.id = d.establishment_id
  LEFT JOIN carts c ON c.tenant_id = d.tenant_id AND c.id = d.cart_id
  WHERE ds.tenant_id = ${tenantId}`.execute(env.db)
  ).rows;

function describePulledFleet(title: string, plan: FleetPlan, served: Record<Source, ServedSource>) {
  describe(title, () => {
    const truth = expectedDevices(plan);
    const asOf = Math.floor(Date.now() / 1000) * 1000;
    const fleets = new Map<Source, FleetDevice[]>();
    const sourceIds = new Map<Source, string>();
    const runs = new Map<Source, RunView>();
    let tenant: SeededTenant;

    beforeAll(async () => {
      const provisioned = [...(await provisionFleet({ baseUrl: address, token: adminToken }, plan, title)).values()][0]!;
      tenant = {
        tenantId: provisioned.tenantId,
        operator: provisioned.operator.token,
        connector: provisioned.connector.token,
        uai: plan.establishments[0]!.uai,
        establishmentId: '',
      };
      for (const [source, mdm] of Object.entries(served) as [Source, ServedSource][]) {
        const fleet = simulatedFleet(plan, source, asOf);
        const server = env.closes(await mdm.start(fleet));
        fleets.set(source, fleet);
        sourceIds.set(
          source,
          await createSource(env, tenant, { ...mdm.body(server.url), name: source, page_size: 40, mapping: mappingFor(plan, mdm) }),
        );
      }
      for (const [source, id] of sourceIds) runs.set(source, await syncNow(env, tenant, id));
    }, 120_000);

    /** Each stored record with the truth id of the simulated record it came from. */
    const ownedRecords = async () => {
      const ids = new Map<string, string>(
        [...fleets].flatMap(([source, fleet]) =>
          fleet.map((d) => [`${source}/${served[source].externalId(d)}`, `${source}/${d.id}`] as const),
        ),
      );
      return (await storedRecords(tenant.tenantId)).map((r) => ({
        ...r,
        owner: truth.owners.get(ids.get(`${r.source}/${r.external_id}`) ?? '') ?? `unknown ${r.source}/${r.external_id}`,
      }));
    };

    it('serves what the truth describes: serials in two MDMs, a re-enrolment, BIOS placeholders, personal fields', () => {
      const all = [...fleets.values()].flat();
      expect(all.length).toBe([...inventoryEvents(plan, asOf)].length);
      const bySerial = new Map<string, number>();
      for (const d of all) bySerial.set(d.serial, (bySerial.get(d.serial) ?? 0) + 1);
      const glpi = fleets.get(Sources.glpi)!;
      expect(glpi.filter((d) => d.serial === 'To be filled by O.E.M.').length).toBe(truth.placeholders);
      expect(truth.placeholders).toBeGreaterThan(0);
      expect(glpi.filter((d) => bySerial.get(d.serial) === 2).length).toBeGreaterThan(10);
      expect(fleets.get(Sources.jamf)!.some((d) => d.id.endsWith('-re'))).toBe(true);
      expect(all.filter((d) => d.user).length).toBeGreaterThan(20);
    });

    it('every sync succeeds, sees every served record once and rejects nothing', () => {
      for (const [source, run] of runs) {
        expect({ source, ...run }).toMatchObject({
          source,
          status: 'succeeded',
          records_seen: fleets.get(source)!.length,
          duplicates: 0,
          rejected: 0,
        });
      }
    });

    it('holds one device per real device (one serial in two MDMs, or re-enrolled: one device) plus one per placeholder record', async () => {
      expect((await counts(env, tenant.tenantId)).devices).toBe(plan.deviceCount + truth.placeholders);
      const records = await ownedRecords();
      expect(records.length).toBe([...fleets.values()].flat().length);
      const byOwner = new Map<string, Set<string>>();
      const byDevice = new Map<string, Set<string>>();
      for (const r of records) {
        byOwner.set(r.owner, (byOwner.get(r.owner) ?? new Set()).add(r.device_id));
        byDevice.set(r.device_id, (byDevice.get(r.device_id) ?? new Set()).add(r.owner));
      }
      expect([...byOwner.keys()].sort()).toEqual([...truth.devices.keys()].sort());
      expect([...byOwner].filter(([, ids]) => ids.size !== 1)).toEqual([]);
      expect([...byDevice].filter(([, owners]) => owners.size !== 1)).toEqual([]);
    });

    it("gives each device the truth's establishment, cart, kind and the status its MDMs can express", async () => {
      const records = await ownedRecords();
      const mismatches = records.flatMap((r) => {
        const actual = JSON.stringify({ uai: r.uai, cart: r.cart, kind: r.kind, status: r.status });
        const expected = JSON.stringify(truth.devices.get(r.owner));
        return actual === expected ? [] : [`${r.owner} via ${r.source}: ${actual} != ${expected}`];
      });
      expect(mismatches).toEqual([]);
      // Not only the default: GLPI's states and Google's DISABLED/DEPROVISIONED came through.
      const statuses = new Set([...truth.devices.values()].map((d) => d.status));
      expect(statuses.size).toBeGreaterThanOrEqual(4);
      expect(new Set(records.map((r) => r.status))).toEqual(statuses);
    });

    it('a second pull of every source creates and changes nothing, and stores nothing twice', async () => {
      const before = await counts(env, tenant.tenantId);
      for (const [source, id] of sourceIds) {
        const run = await syncNow(env, tenant, id);
        // Chrome telemetry's app reports are sent again on every pull; the store's keys drop them.
        const resent = source === Sources.google ? GOOGLE_TELEMETRY_SESSIONS : 0;
        expect({ source, ...run }).toMatchObject({
          source,
          status: 'succeeded',
          devices_created: 0,
          devices_updated: 0,
          events_accepted: resent,
        });
      }
      expect(await counts(env, tenant.tenantId)).toEqual(before);
    });
  });
}

describePulledFleet(
  'a simulated département pulled from Jamf Pro, Headwind, Intune, Google and GLPI',
  planFleet({ seed: 41, devices: 300, establishments: 2, tenantPrefix: 'simmdm-a-' }),
  SERVED_BY_USUAL_MDMS,
);
describePulledFleet(
  'a simulated département pulled from Jamf School, Headwind, Fleet, Google and GLPI',
  planFleet({ seed: 9, devices: 300, establishments: 2, tenantPrefix: 'simmdm-b-' }),
  SERVED_BY_OTHER_MDMS,
);

describe('personal data', () => {
  it('none of the served user names or e-mail addresses is stored anywhere', async () => {
    expect(await findPersonalData(env, SIMULATED_PERSONAL_NAMES)).toEqual([]);
  });
});
