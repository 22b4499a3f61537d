import { beforeAll, describe, expect, it } from 'vitest';
import { useSyncEnv } from '../setup/fake-mdm-sources.ts';
import { useTenants } from '../setup/use-test-env.ts';
import { makeFleet, type FleetDevice } from '../fake-mdm/fleet.ts';
import { startFakeIntune } from '../fake-mdm/intune.ts';
import { startFakeFleetDm } from '../fake-mdm/fleet-dm.ts';
import { auth, counts, syncFakeSources, syncNow } from '../connectors/sync-helpers.ts';

const env = useSyncEnv();
const [tenant] = useTenants(env, 'many-sources');
const ids: { intune: string; fleet: string } = { intune: '', fleet: '' };
// The same ten machines, seen by Intune and by Fleet. Fleet saw each one a minute later and names
// the models differently; for one machine it reports a desktop where Intune has a laptop.
const intuneFleet = makeFleet(10);
const fleetDmFleet: FleetDevice[] = intuneFleet.map((d) => ({
  ...d,
  lastCheckIn: new Date(d.lastCheckIn.getTime() + 60_000),
  model: `${d.model} (Fleet)`,
}));
fleetDmFleet[1]!.model = 'OptiPlex 7090';

const get = async (url: string) => {
  const res = await env.app.inject({ url, headers: auth(tenant.operator) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const deviceBySerial = async (serial: string) =>
  (await get(`/v1/devices?q=${serial}`)).items[0] as { id: string; model: string; kind: string; acquired_on: string | null };

beforeAll(async () => {
  Object.assign(
    ids,
    await syncFakeSources(env, tenant, { intune: await startFakeIntune(intuneFleet), fleet: await startFakeFleetDm(fleetDmFleet) }),
  );
});

describe('one device, many sources', () => {
  it('a device seen by two MDMs is one device with both sources; placeholder serials never merge', async () => {
    // 9 real serials merged, and the placeholder-serial machine once per MDM.
    expect(await counts(env, tenant.tenantId)).toMatchObject({ devices: 11, heartbeats: 20 });
    const device = await deviceBySerial(intuneFleet[0]!.serial);
    const detail = await get(`/v1/devices/${device.id}`);
    expect(detail.sources.map((s: { source: string }) => s.source)).toEqual(['fleet', 'intune']);
  });

  it('each attribute remembers its sources; the newest wins, unless a source has priority', async () => {
    const device = await deviceBySerial(intuneFleet[0]!.serial);
    expect(device.model).toBe('OptiPlex 3050 (Fleet)');
    const provenance = (await get(`/v1/devices/${device.id}/provenance`)).items.filter(
      (i: { attribute: string }) => i.attribute === 'model',
    );
    expect(provenance).toEqual([
      expect.objectContaining({
        source: 'fleet',
        value: 'OptiPlex 3050 (Fleet)',
        winning: true,
        observed_at: fleetDmFleet[0]!.lastCheckIn.toISOString(),
      }),
      expect.objectContaining({ source: 'intune', value: 'OptiPlex 3050', winning: false }),
    ]);
    const patched = await env.app.inject({
      method: 'PATCH',
      url: `/v1/sources/${ids.intune}`,
      headers: auth(tenant.operator),
      payload: { priority: 10 },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await deviceBySerial(intuneFleet[0]!.serial)).model).toBe('OptiPlex 3050');
  });

  it('a re-enrolled device (same serial, new id) stays one device, its stale record linked and listed for review', async () => {
    intuneFleet[3]!.id = 'dev-reenrolled';
    await syncNow(env, tenant, ids.intune);
    expect((await counts(env, tenant.tenantId)).devices).toBe(11);
    const review = (await get('/v1/devices/duplicates')).items as { device_id: string; reason: string; detail: string[] }[];
    const reenrolled = review.filter((r) => r.reason === 'reenrolled');
    expect(reenrolled).toHaveLength(1);
    expect(reenrolled[0]!.detail).toEqual(['intune: dev-0004', 'intune: dev-reenrolled']);
    expect(review.filter((r) => r.reason === 'placeholder_serial').map((r) => r.detail)).toEqual(
      expect.arrayContaining([['intune: "0"'], ['fleet: "0"']]),
    );
    const conflict = review.filter((r) => r.reason === 'conflicting_kind');
    expect(conflict).toEqual([expect.objectContaining({ detail: ['fleet: desktop', 'intune: laptop'] })]);
  });

  it('imports the asset register, enriches matching devices, and reconciles it with what the MDMs see', async () => {
    const serials = intuneFleet.slice(0, 8).map((d) => d.serial);
    const csv = [
      'numero_serie;date_achat;prix;financeur;vague;fin_garantie;uai',
      ...serials.map((s) => `${s};02/09/2024;349,90;Département;Vague 2;01/09/2027;0770934X`),
      'NEVERSEEN001;02/09/2024;349,90;Département;Vague 2;01/09/2027;0770934X',
      'NEVERSEEN002;;;;;;',
      'Default string;;;;;;',
    ].join('\n');
    const res = await env.app.inject({
      method: 'POST',
      url: '/v1/assets/import',
      headers: { ...auth(tenant.operator), 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      lines: 11,
      imported: 10,
      updated: 0,
      devices_enriched: 8,
      rejected: [expect.objectContaining({ line: 12, field: 'serial' })],
    });
    const device = await deviceBySerial(serials[0]!);
    expect(device.acquired_on).toBe('2024-09-02');

    const report = await get('/v1/assets/reconciliation');
    expect(report).toMatchObject({ register_total: 10, matched: 8, devices_without_serial: 2 });
    expect(report.register_not_seen.map((r: { serial: string }) => r.serial)).toEqual(['NEVERSEEN001', 'NEVERSEEN002']);
    expect(report.seen_not_in_register.map((r: { serial: string }) => r.serial)).toEqual([intuneFleet[8]!.serial]);
    const listed = await get('/v1/sources');
    expect(listed.items.map((s: { name: string }) => s.name)).toEqual(['fleet', 'intune']);
  });

  it('deleting a source lets the remaining sources decide its devices attributes', async () => {
    expect((await deviceBySerial(intuneFleet[0]!.serial)).model).toBe('OptiPlex 3050');
    const deleted = await env.app.inject({ method: 'DELETE', url: `/v1/sources/${ids.intune}`, headers: auth(tenant.operator) });
    expect(deleted.statusCode, deleted.body).toBe(204);
    expect((await deviceBySerial(intuneFleet[0]!.serial)).model).toBe('OptiPlex 3050 (Fleet)');
  });
});
