import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { seedTenant } from '../setup/test-env.ts';
import type { SourceKind } from '@vigie/contracts';
import { FAST_CONNECTOR_ENV, fakeSource, useSyncEnv } from '../setup/fake-mdm-sources.ts';
import { checkIn, makeFleet, PERSONAL_NAMES, type FleetDevice } from '../fake-mdm/fleet.ts';
import type { FakeMdm, Faults } from '../fake-mdm/fake-server.ts';
import { addCart, counts, createSource, findPersonalData, syncNow } from './sync-helpers.ts';

export interface ConnectorCase {
  kind: SourceKind;
  os: FleetDevice['os'];
  start(fleet: FleetDevice[], faults?: Faults): Promise<FakeMdm>;
  /** The body of POST /v1/sources for the fake at `url` (default: fakeSource's, three records a page, CART_AND_ROOM). */
  source?(url: string): Record<string, unknown>;
  /** Events per device on a first sync beyond inventory + heartbeat (e.g. daily activity). */
  extraEventsPerDevice?: number;
  /** App sessions the fake serves for the fixture fleet. */
  sessions?: number;
  /** Faults for this API (default: STANDARD_FAULTS); `shift` inserts a device at the head of the list. */
  faults?(shift: () => void): Faults;
  /** How this API's list shifts mid-sync (default: a new device at the head) and what the sync then sees. */
  shift?(fleet: FleetDevice[], extra: FleetDevice): void;
  shiftExpect?: { records: number; duplicates: number; created: number };
  /** Battery health (percent of design capacity) of the first fixture devices, for APIs that give it. */
  batteryHealth?: (number | null)[];
}

const FLEET = 10;

/** The cart "Chariot 1" and the room "Salle 104" of the seeded collège, as most fakes name their groups. */
export const CART_AND_ROOM = [
  { match: 'Chariot 1', uai: '0770934X', cart: 'Chariot 1' },
  { match: 'Salle 104', uai: '0770934X' },
];

/**
 * By list request: 429, a 5xx burst, a page slower than the client timeout, then the first page;
 * a device inserted at the head of the list before the second page (offset paging returns the
 * boundary device twice); every token revoked before the third.
 */
export const STANDARD_FAULTS = (shift: () => void): Faults => ({
  rateLimitAt: [1],
  retryAfter: '0.15',
  errorsAt: [2, 3],
  slowAt: [4],
  slowMs: 1_000,
  beforeRequest: { 6: shift },
  expireTokensAt: [7],
});

/** The guarantees every connector gives, run against its fake MDM through the real pipeline. */
export function describeConnector(c: ConnectorCase) {
  const env = useSyncEnv(FAST_CONNECTOR_ENV);
  const started = async (fleet: FleetDevice[], faults?: Faults) => env.closes(await c.start(fleet, faults));
  const perDevice = 2 + (c.extraEventsPerDevice ?? 0);
  const source = (url: string) => c.source?.(url) ?? { ...fakeSource(c.kind, url), page_size: 3, mapping: CART_AND_ROOM };

  describe(`${c.kind} connector end to end`, () => {
    it('syncs the fleet with exact counts; a second full sync gives the same counts; a new check-in is one heartbeat', async () => {
      const tenant = await seedTenant(env, `${c.kind.replace('_', '-')}-a`);
      await addCart(env, tenant, 'Chariot 1');
      const fleet = makeFleet(FLEET, c.os);
      const mdm = await started(fleet);
      const id = await createSource(env, tenant, source(mdm.url));
      const first = await syncNow(env, tenant, id);
      expect(first).toMatchObject({
        status: 'succeeded',
        records_seen: FLEET,
        duplicates: 0,
        devices_created: FLEET,
        rejected: 0,
        events_accepted: FLEET * perDevice + (c.sessions ?? 0),
      });
      // Check-ins land at the instant the device checked in, whatever the API's date format or zone.
      const latest = await sql<{ at: Date }>`SELECT max(observed_at) AS at FROM heartbeats WHERE tenant_id = ${tenant.tenantId}`.execute(
        env.db,
      );
      expect(latest.rows[0]!.at.toISOString()).toBe(fleet[0]!.lastCheckIn.toISOString());
      const after = { devices: FLEET, placed: FLEET, inCart: FLEET / 2, heartbeats: FLEET, sessions: c.sessions ?? 0 };
      // Battery health where the API gives it; unknown (null) everywhere else, never a guess.
      const battery = await sql<{ pct: number | null }>`
        SELECT battery_health_pct AS pct FROM devices WHERE tenant_id = ${tenant.tenantId} AND serial = ANY(${fleet.map((d) => d.serial)}::text[]) AND serial <> '0'
        ORDER BY serial`.execute(env.db);
      const expected = fleet
        .map((d, i) => ({ serial: d.serial, pct: c.batteryHealth?.[i] ?? null }))
        .filter((d) => d.serial !== '0')
        .sort((a, b) => (a.serial < b.serial ? -1 : 1))
        .map((d) => d.pct);
      expect(battery.rows.map((r) => r.pct)).toEqual(expected);
      expect(await counts(env, tenant.tenantId)).toEqual(after);

      const second = await syncNow(env, tenant, id);
      expect(second).toMatchObject({
        status: 'succeeded',
        records_seen: FLEET,
        devices_created: 0,
        devices_updated: 0,
        devices_unchanged: FLEET,
      });
      expect(await counts(env, tenant.tenantId)).toEqual(after);

      checkIn(fleet[2]!);
      const third = await syncNow(env, tenant, id);
      expect(third).toMatchObject({ devices_unchanged: FLEET });
      expect(await counts(env, tenant.tenantId)).toEqual({ ...after, heartbeats: FLEET + 1 });
    });

    it('survives rate limits, a 5xx burst, a slow page, a token expiry and a list that shifts while paging', async () => {
      const tenant = await seedTenant(env, `${c.kind.replace('_', '-')}-faults`);
      await addCart(env, tenant, 'Chariot 1');
      const fleet = makeFleet(FLEET, c.os);
      const extra = makeFleet(FLEET + 1, c.os)[FLEET]!;
      Object.assign(extra, { id: 'dev-new', num: 9999, serial: 'SNNEW00001', name: 'CJF-NEW-001' });
      const shift = () => (c.shift ? c.shift(fleet, extra) : fleet.unshift(extra));
      const mdm = await started(fleet, (c.faults ?? STANDARD_FAULTS)(shift));
      const id = await createSource(env, tenant, source(mdm.url));
      const run = await syncNow(env, tenant, id);
      // Default (offset paging): the boundary device comes twice and counts once; the device inserted
      // behind the cursor is missed by this sync (offset paging cannot see it) and found by the next.
      const expected = c.shiftExpect ?? { records: FLEET + 1, duplicates: 1, created: FLEET };
      expect(run).toMatchObject({
        status: 'succeeded',
        records_seen: expected.records,
        duplicates: expected.duplicates,
        devices_created: expected.created,
        rejected: 0,
      });
      expect(await counts(env, tenant.tenantId)).toMatchObject({ devices: expected.created, heartbeats: expected.created });
      const next = await syncNow(env, tenant, id);
      expect(next).toMatchObject({
        status: 'succeeded',
        records_seen: FLEET + 1,
        duplicates: 0,
        devices_created: FLEET + 1 - expected.created,
      });
      expect(await counts(env, tenant.tenantId)).toMatchObject({ devices: FLEET + 1, heartbeats: FLEET + 1 });
    });

    it('keeps a device last seen two years ago with its true last contact; the run names each record it refused', async () => {
      const tenant = await seedTenant(env, `${c.kind.replace('_', '-')}-stale`);
      await addCart(env, tenant, 'Chariot 1');
      const fleet = makeFleet(3, c.os);
      const stale = new Date(Math.floor((Date.now() - 730 * 86_400_000) / 1000) * 1000);
      fleet[1]!.lastCheckIn = stale;
      const mdm = await started(fleet);
      const id = await createSource(env, tenant, source(mdm.url));
      const run = await syncNow(env, tenant, id);
      expect(run.status).toBe('succeeded');
      expect(await counts(env, tenant.tenantId)).toMatchObject({ devices: 3, placed: 3 });
      const seen = await sql<{
        last_contact: Date;
      }>`SELECT last_contact FROM devices WHERE tenant_id = ${tenant.tenantId} AND serial = ${fleet[1]!.serial}`.execute(env.db);
      expect(seen.rows[0]?.last_contact.toISOString()).toBe(stale.toISOString());
      // The check-in itself is an observation outside retention: refused, and named, page by page.
      const items: { record_id: string; event_type: string; status: string; code: string; field: string }[] = [];
      let after = 0;
      for (let pages = 0; pages < 10; pages++) {
        const res = await env.app.inject({
          url: `/v1/sources/${id}/runs/${run.id}?limit=1&after=${after}`,
          headers: { authorization: `Bearer ${tenant.operator}` },
        });
        expect(res.statusCode, res.body).toBe(200);
        items.push(...res.json().items);
        if (res.json().next_after === null) break;
        after = res.json().next_after;
      }
      expect(items.length).toBe(run.rejected);
      expect(items).toContainEqual(
        expect.objectContaining({ event_type: 'heartbeat', status: 'rejected', code: 'out_of_range', field: 'observed_at' }),
      );
      expect(new Set(items.map((i) => i.record_id)).size).toBe(1);
    });

    it('stores no e-mail address and no user name anywhere after a sync', async () => {
      expect(await findPersonalData(env, PERSONAL_NAMES)).toEqual([]);
    });
  });
}
