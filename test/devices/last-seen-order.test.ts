import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { seedTenant } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';

// Pages in last_seen order walk device_last_seen (migrations 0062, 0070), a copy of the REST last_seen
// (the last contact, '-infinity' for a device never connected) kept by triggers: it must hold every
// device with its current last contact whatever wrote it.

const env = useTestEnv({ worker: true });
const [tenant] = useTenants(env, 'lastseen');
const base = baseTime(2);

const push = (source: string, events: unknown[]) => pushAndWait(env, tenant, events, source);

/** Devices whose copy is missing, extra or different. */
async function mismatches() {
  const r = await sql<{ id: string }>`
    SELECT COALESCE(d.id, r.device_id) AS id FROM devices d FULL JOIN device_last_seen r ON r.tenant_id = d.tenant_id AND r.device_id = d.id
    WHERE d.id IS NULL OR r.device_id IS NULL OR r.last_seen IS DISTINCT FROM COALESCE(d.last_contact, '-infinity')`.execute(env.db);
  return r.rows;
}

/** Every page of a listing, two devices a page, following next_cursor. */
async function allPages(sort: string) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await env.app.inject({
      url: `/v1/devices?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
      headers: { authorization: `Bearer ${tenant.operator}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as { items: { id: string }[]; next_cursor: string | null };
    ids.push(...page.items.map((d) => d.id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

async function expectedOrder(direction: 'asc' | 'desc') {
  const r = await sql<{ id: string }>`
    SELECT id FROM devices WHERE tenant_id = ${tenant.tenantId} ORDER BY COALESCE(last_contact, '-infinity') ${sql.raw(direction)}, id ${sql.raw(direction)}`.execute(
    env.db,
  );
  return r.rows.map((row) => row.id);
}

describe('pages in last_seen order', () => {
  it('list every device once, in the order of their last contact (never connected as the oldest), after check-ins, a late inventory and a merge', async () => {
    await push(
      'jamf',
      [0, 1, 2, 3, 4].map((i) => inventory(`ipad-${i}`, base, { serial: `LS-IPAD-${i}` })),
    );
    // Two tablets enrolled and never connected: last by -last_seen, first by last_seen, id order between them.
    await push(
      'headwind',
      [0, 1].map((i) => inventory(`never-${i}`, base, { serial: `LS-NEVER-${i}`, last_contact: null })),
    );
    // Same instants for two devices: the id breaks the tie across a page boundary.
    await push('jamf', [heartbeat('ipad-0', base, 30), heartbeat('ipad-1', base, 30), heartbeat('ipad-3', base, 10)]);
    await push('jamf', [heartbeat('ipad-3', base, 45), heartbeat('early', base, 20)]);
    // A heartbeat older than the last contact leaves last_seen where it is.
    await push('jamf', [heartbeat('ipad-3', base, 5)]);
    // A device first heard of by heartbeats from a second source, then merged on its serial.
    await push('glpi', [heartbeat('glpi-ipad-2', base, 50)]);
    await push('glpi', [inventory('glpi-ipad-2', base, { serial: 'LS-IPAD-2' })]);

    expect(await mismatches()).toEqual([]);
    expect(await allPages('-last_seen')).toEqual(await expectedOrder('desc'));
    expect(await allPages('last_seen')).toEqual(await expectedOrder('asc'));
  });

  it('follow devices deleted with their tenant', async () => {
    const other = await seedTenant(env, 'lastseen-gone', '0770935Y');
    await pushAndWait(env, other, [
      inventory('gone-1', base, { serial: 'GONE-1', establishment_uai: '0770935Y' }),
      heartbeat('gone-1', base, 3),
    ]);
    await sql`DELETE FROM devices WHERE tenant_id = ${other.tenantId}`.execute(env.db);
    expect(await mismatches()).toEqual([]);
  });
});
