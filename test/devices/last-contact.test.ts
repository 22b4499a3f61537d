import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { alerts } from '@vigie/store';
import { waitFor } from '../setup/test-env.ts';
import { useTenants } from '../setup/use-test-env.ts';
import { fakeSource, useSyncEnv } from '../setup/fake-mdm-sources.ts';
import { evaluateAlertsNow } from '../setup/alert-evaluation.ts';
import { createRule } from '../setup/alert-rules.ts';
import { makeFleet } from '../fake-mdm/fleet.ts';
import { serveHeadwind, toHeadwindDevice } from '../fake-mdm/headwind.ts';
import { serveGlpi } from '../fake-mdm/glpi.ts';
import { auth, createSource, syncNow } from '../connectors/sync-helpers.ts';

const env = useSyncEnv();
const [tenant] = useTenants(env, 'last-contact');
const ids = { headwind: '', glpi: '' };

// GLPI's recorded sample holds one PC twice: computer 108 (inventoried 2026-09-01) re-enrolled as
// 106 (inventoried 2026-11-19), same serial. Added to it: a computer created by hand in GLPI and
// never inventoried by an agent (no last_inventory_update, only a modification date).
const glpiSample = JSON.parse(readFileSync(new URL('../fixtures/mdm-samples/glpi/computer-range-0-9.json', import.meta.url), 'utf8')) as {
  body: Record<string, unknown>[];
};
const neverInventoried = {
  ...glpiSample.body[0]!,
  id: 190,
  name: 'CJF-CDI-PC09',
  serial: 'NEVERINV01',
  otherserial: 'COL-JFERRY-PC-090',
  date_mod: '2026-06-03 10:00:00',
  last_inventory_update: null,
  last_boot: null,
};
// Headwind: a tablet enrolled but never synchronised reports lastUpdate 0.
const tablets = makeFleet(3, 'Android').map(toHeadwindDevice);
tablets[1]!.lastUpdate = 0;

type Link = { external_id: string; first_seen: string; first_contact: string | null; last_seen: string | null };
type Device = { id: string; serial: string; first_seen: string; last_seen: string | null };
const get = async (url: string) => {
  const res = await env.app.inject({ url, headers: auth(tenant.operator) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
/** Ids of every device listed by GET /v1/devices with these filters, all pages, sorted. */
async function listedIds(filters: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { items: Device[]; next_cursor: string | null } = await get(
      `/v1/devices?${filters}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    ids.push(...page.items.map((d) => d.id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids.sort();
}
const neverConnectedIds = async () =>
  (
    await env.db
      .selectFrom('devices')
      .select('id')
      .where('tenant_id', '=', tenant.tenantId)
      .where('last_contact', 'is', null)
      .orderBy('id')
      .execute()
  ).map((d) => d.id);
const bySerial = async (serial: string): Promise<Device & { sources: Link[] }> => {
  const found = ((await get(`/v1/devices?q=${encodeURIComponent(serial)}`)).items as Device[]).find((d) => d.serial === serial)!;
  return get(`/v1/devices/${found.id}`);
};

beforeAll(async () => {
  const headwind = env.closes(await serveHeadwind(() => tablets));
  const glpi = env.closes(await serveGlpi(() => [...glpiSample.body, neverInventoried]));
  ids.headwind = await createSource(env, tenant, fakeSource('headwind', headwind.url));
  ids.glpi = await createSource(env, tenant, { ...fakeSource('glpi', glpi.url), time_zone: 'Europe/Paris' });
  expect(await syncNow(env, tenant, ids.headwind)).toMatchObject({ status: 'succeeded', records_seen: 3 });
  expect(await syncNow(env, tenant, ids.glpi)).toMatchObject({ status: 'succeeded', records_seen: 11 });
});

describe('last contact', () => {
  it('a Headwind tablet that never synchronised has a null last_seen, not when Vigie first heard of it', async () => {
    const never = await bySerial(String(tablets[1]!.serial));
    expect(never.last_seen).toBeNull();
    expect(never.first_seen).not.toBeNull();
    expect(never.sources).toEqual([expect.objectContaining({ first_contact: null, last_seen: null })]);
    const synced = await bySerial(String(tablets[0]!.serial));
    expect(synced.last_seen).toBe(new Date(tablets[0]!.lastUpdate).toISOString());
  });

  it('a GLPI computer never inventoried has a null last_seen: its modification date is not a contact', async () => {
    const never = await bySerial('NEVERINV01');
    expect(never.last_seen).toBeNull();
    const inventoried = await bySerial('7QXK1Y1');
    expect(inventoried.last_seen).toBe('2026-11-19T08:07:03.000Z');
  });

  it('the fleet summary counts devices that never connected apart, never as seen since Vigie first heard of them', async () => {
    const summary = (await env.app.inject({ url: '/v1/fleet/summary', headers: { authorization: `Bearer ${tenant.operator}` } })).json();
    const neverConnected = (
      await env.db
        .selectFrom('devices')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('tenant_id', '=', tenant.tenantId)
        .where('last_contact', 'is', null)
        .executeTakeFirstOrThrow()
    ).n;
    expect(Number(neverConnected)).toBeGreaterThanOrEqual(2);
    expect(summary.last_seen.never).toBe(Number(neverConnected));
    const buckets = Object.values(summary.last_seen as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(buckets).toBe(summary.total);
  });

  it('each source record keeps its own first and last contact: an old re-enrolment shows its own dates', async () => {
    const device = await bySerial('7QXK1Y6');
    expect(device.last_seen).toBe('2026-11-19T13:42:18.000Z');
    const links = Object.fromEntries(device.sources.map((l) => [l.external_id, l]));
    expect(links['106']).toMatchObject({ first_contact: '2026-11-19T13:42:18.000Z', last_seen: '2026-11-19T13:42:18.000Z' });
    expect(links['108']).toMatchObject({ first_contact: '2026-09-01T07:12:44.000Z', last_seen: '2026-09-01T07:12:44.000Z' });
  });

  it('a pushed inventory says "never connected" with last_contact null; without the field, its observed_at is a contact', async () => {
    const push = await env.app.inject({
      method: 'POST',
      url: '/v1/ingest/events',
      headers: auth(tenant.connector),
      payload: {
        source: 'agent',
        events: [
          { type: 'inventory', device_id: 'p1', observed_at: '2026-11-20T08:00:00Z', serial: 'PUSHNEVER1', last_contact: null },
          { type: 'inventory', device_id: 'p2', observed_at: '2026-11-20T08:00:00Z', serial: 'PUSHAGENT1' },
        ],
      },
    });
    expect(push.statusCode, push.body).toBe(202);
    await waitFor(async () => (await get('/v1/devices?q=PUSHAGENT1')).items.length === 1, 30_000, 'the pushed batch stored');
    expect(await bySerial('PUSHNEVER1')).toMatchObject({ first_seen: '2026-11-20T08:00:00.000Z', last_seen: null });
    expect(await bySerial('PUSHAGENT1')).toMatchObject({ last_seen: '2026-11-20T08:00:00.000Z' });
  });

  it('never-connected devices are listed apart (never_connected=true), never among the offline ones', async () => {
    const never = await neverConnectedIds();
    expect(never.length).toBeGreaterThanOrEqual(3);
    expect(await listedIds('never_connected=true')).toEqual(never);
    // One day of silence is enough to be offline: the GLPI computers last reported in November.
    const offline = await listedIds('offline=true&offline_days=1');
    expect(offline.length).toBeGreaterThan(0);
    expect(offline.filter((id) => never.includes(id))).toEqual([]);
    const connected = await listedIds('never_connected=false');
    expect(connected.filter((id) => never.includes(id))).toEqual([]);
    expect(connected.length + never.length).toBe((await get('/v1/fleet/summary')).total);
  });

  it('sorts never-connected devices last by -last_seen and first by last_seen, paging through them once each', async () => {
    const never = await neverConnectedIds();
    for (const sort of ['-last_seen', 'last_seen']) {
      const seen: Device[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Device[]; next_cursor: string | null } = await get(
          `/v1/devices?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        seen.push(...page.items);
        cursor = page.next_cursor;
      } while (cursor);
      expect(new Set(seen.map((d) => d.id)).size).toBe(seen.length);
      expect(seen.length).toBe((await get('/v1/fleet/summary')).total);
      const nulls = seen.map((d) => d.last_seen === null);
      const expected = sort === '-last_seen' ? [...nulls].sort() : [...nulls].sort().reverse();
      expect(nulls).toEqual(expected);
      expect(
        seen
          .filter((d) => d.last_seen === null)
          .map((d) => d.id)
          .sort(),
      ).toEqual(never);
      const times = seen.flatMap((d) => (d.last_seen ? [d.last_seen] : []));
      expect(times).toEqual(sort === '-last_seen' ? [...times].sort().reverse() : [...times].sort());
    }
    expect(
      (
        await env.app.inject({
          url: '/v1/devices?cursor=WyJ5ZXN0ZXJkYXkiLCIwMDAwMDAwMC0wMDAwLTQwMDAtODAwMC0wMDAwMDAwMDAwMDAiXQ',
          headers: auth(tenant.operator),
        })
      ).statusCode,
    ).toBe(400);
  });

  it('a device_offline rule never fires for a device that never connected', async () => {
    const rule = await createRule(env, tenant.tenantId, { name: 'silencieux depuis un jour', params: { days: 1, clear_for_minutes: 0 } });
    await evaluateAlertsNow(env, tenant.tenantId);
    const fired = (await alerts.list(env.db, tenant.tenantId, { ruleId: rule.id, limit: 100 })).map((a) => a.subject_id);
    expect(fired.length).toBeGreaterThan(0);
    const never = await neverConnectedIds();
    expect(fired.filter((id) => never.includes(id))).toEqual([]);
  });

  it('a later contact moves the record and the device, and a sync with nothing new moves nothing', async () => {
    const before = await bySerial(String(tablets[1]!.serial));
    const connected = Date.now();
    tablets[1]!.lastUpdate = connected;
    await syncNow(env, tenant, ids.headwind);
    const after = await bySerial(String(tablets[1]!.serial));
    expect(before.last_seen).toBeNull();
    expect(after).toMatchObject({ first_seen: before.first_seen, last_seen: new Date(connected).toISOString() });
    expect(after.sources[0]).toMatchObject({
      first_contact: new Date(connected).toISOString(),
      last_seen: new Date(connected).toISOString(),
    });
    await syncNow(env, tenant, ids.headwind);
    expect(await bySerial(String(tablets[1]!.serial))).toEqual(after);
  });
});
