import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { deviceListing } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

// A text search sorts its matches whole when they are few (2,000 or fewer) and walks the last_seen
// order when they are many (packages/store/src/device-text-search.ts). Both must give the page the
// same query would give without the choice: matches by last contact, latest first, never connected
// last, in pages that follow each other.
const env = useTestEnv();
const [t] = useTenants(env, 'text-search-paths');

/** Every page of a search, following the cursors, as serials. */
async function allPages(q: string) {
  const serials: string[] = [];
  let after: { value: string; id: string } | undefined;
  for (;;) {
    const rows = await deviceListing.list(env.db, t.tenantId, { q }, { sort: '-last_seen', limit: 50, ...(after ? { after } : {}) });
    serials.push(...rows.map((r) => r.serial!));
    if (rows.length < 50) return serials;
    const last = rows.at(-1)!;
    after = { value: deviceListing.sortValue(last, '-last_seen'), id: last.id };
  }
}

/** The same matches sorted here: latest contact first, never connected last, then id descending. */
async function expected(pattern: string) {
  const r = await sql<{ serial: string }>`
    SELECT serial FROM devices WHERE tenant_id = ${t.tenantId} AND (serial ILIKE ${pattern} OR model ILIKE ${pattern})
    ORDER BY COALESCE(last_contact, '-infinity') DESC, id DESC`.execute(env.db);
  return r.rows.map((x) => x.serial);
}

beforeAll(async () => {
  // 2,100 "Latitude" laptops (many matches) and 30 "Chromebook" ones (few), contacts spread over
  // 40 days with ties, one in 9 never connected.
  await sql`
    INSERT INTO devices (tenant_id, establishment_id, kind, serial, serial_key, model, assignment, status, provisional, first_seen, last_contact)
    SELECT ${t.tenantId}, ${t.establishmentId}, 'laptop', 'TS' || g, 'TS' || g, CASE WHEN g < 2100 THEN 'Latitude 5400' ELSE 'Chromebook 311' END,
           'shared_room', 'in_service', false, TIMESTAMPTZ '2026-09-01',
           CASE WHEN g % 9 = 0 THEN NULL ELSE TIMESTAMPTZ '2026-11-01' + (g % 40) * interval '1 day' END
    FROM generate_series(0, 2129) g`.execute(env.db);
});

describe('text search', () => {
  it('pages through many matches (the last_seen walk) in the order of the matches sorted whole', async () => {
    const pages = await allPages('latitude');
    expect(pages).toHaveLength(2100);
    expect(pages).toEqual(await expected('%latitude%'));
  });

  it('pages through few matches (sorted whole) in the same order', async () => {
    const pages = await allPages('chromebook');
    expect(pages).toHaveLength(30);
    expect(pages).toEqual(await expected('%chromebook%'));
  });
});
