import { readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { appUsage } from '@vigie/store';
import { describe, expect, it } from 'vitest';
import { seedTenant } from '../setup/test-env.ts';
import { useSyncEnv, fakeSource, googleKeys } from '../setup/fake-mdm-sources.ts';
import type { FakeMdm } from '../fake-mdm/fake-server.ts';
import { serveIntune } from '../fake-mdm/intune.ts';
import { serveGoogle } from '../fake-mdm/google.ts';
import { serveJamfPro } from '../fake-mdm/jamf-pro.ts';
import { serveJamfSchool } from '../fake-mdm/jamf-school.ts';
import { serveFleetDm } from '../fake-mdm/fleet-dm.ts';
import { serveGlpi } from '../fake-mdm/glpi.ts';
import { serveHeadwind } from '../fake-mdm/headwind.ts';
import { createSource, syncNow } from './sync-helpers.ts';

// The recorded samples of ../shared/mdm-samples (test/fixtures/mdm-samples), each synced through its
// fake MDM and the real pipeline, one tenant per system so no record merges with another system's.
// What each system's records become is the table in docs/connectors.md ("What the samples give"):
// this test builds it from the database and fails when the documentation says otherwise.
// UPDATE_DOCS=1 rewrites the table.

const DOC = new URL('../../docs/connectors.md', import.meta.url);
const START = '<!-- samples-table:start -->';
const END = '<!-- samples-table:end -->';

const sample = (path: string) => {
  const parsed = JSON.parse(readFileSync(new URL(`../fixtures/mdm-samples/${path}`, import.meta.url), 'utf8')) as {
    _fixture?: unknown;
    body?: unknown;
  };
  return (parsed._fixture ? parsed.body : parsed) as Record<string, unknown>;
};
const list = (path: string, key: string) => sample(path)[key] as unknown[];

interface Case {
  system: string;
  records: number;
  start(): Promise<FakeMdm>;
  source(url: string): Record<string, unknown>;
}

const headwind = sample('headwind_mdm/devices-search-page-1.json').data as {
  configurations: Record<string, unknown>;
  devices: { items: unknown[] };
};
const jamfPro = {
  computers: list('jamf_pro/computers-inventory-page-0.json', 'results'),
  mobiles: list('jamf_pro/mobile-devices-detail-page-0.json', 'results'),
};
const CASES: Case[] = [
  {
    system: 'Intune (Graph managedDevices)',
    records: 8,
    start: () => serveIntune(() => list('intune_graph/managedDevices-page-1.json', 'value')),
    source: (u) => fakeSource('intune', u),
  },
  {
    system: 'Google (Directory chromeosdevices + telemetry)',
    records: 8,
    start: () =>
      serveGoogle(
        () => ({
          devices: list('google_chromeos_directory/chromeosdevices-list-page-1.json', 'chromeosdevices'),
          telemetryUsers: list('google_chrome_management/telemetry-users-list-page-1.json', 'telemetryUsers'),
        }),
        googleKeys().public,
      ),
    source: (u) => ({ ...fakeSource('google', u), options: { telemetry: 'on', telemetry_base_url: u } }),
  },
  {
    system: 'Jamf Pro computers',
    records: 8,
    start: () => serveJamfPro(() => ({ computers: jamfPro.computers, mobiles: [] })),
    source: (u) => fakeSource('jamf_pro', u),
  },
  {
    system: 'Jamf Pro mobile devices',
    records: 7,
    start: () => serveJamfPro(() => ({ computers: [], mobiles: jamfPro.mobiles })),
    source: (u) => fakeSource('jamf_pro', u),
  },
  {
    system: 'Jamf School',
    records: 12,
    start: () => serveJamfSchool(() => list('jamf_school/devices-location-1.json', 'devices')),
    source: (u) => ({ ...fakeSource('jamf_school', u), options: { locations: '1' } }),
  },
  {
    system: 'Fleet',
    records: 8,
    start: () => serveFleetDm(() => list('fleet/hosts-page-0.json', 'hosts')),
    source: (u) => fakeSource('fleet', u),
  },
  {
    system: 'GLPI',
    records: 10,
    start: () => serveGlpi(() => sample('glpi/computer-range-0-9.json') as unknown as unknown[]),
    source: (u) => fakeSource('glpi', u),
  },
  {
    system: 'Headwind',
    records: 8,
    start: () => serveHeadwind(() => headwind.devices.items, {}, headwind.configurations),
    source: (u) => fakeSource('headwind', u),
  },
];

const env = useSyncEnv();
const rows: string[] = [];

/** "value n, value n" for the stored values of a column, most frequent first. */
const breakdown = (values: (string | null)[]) => {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v ?? 'unknown', (counts.get(v ?? 'unknown') ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([v, n]) => `${v} ${n}`)
    .join(', ');
};

async function storedRow(c: Case, tenantId: string, run: { records_seen: number; rejected: number }) {
  const devices = await sql<Record<string, string | number | null>>`
    SELECT serial, serial_key, model, kind, os_version_raw, os_version, storage_total_mb, battery_health_pct, last_contact, status, asset_tag, name
    FROM devices WHERE tenant_id = ${tenantId}`.execute(env.db);
  const d = devices.rows;
  const has = (column: string) => d.filter((r) => r[column] !== null).length;
  return [
    c.system,
    `${c.records}`,
    `${d.length}`,
    `${d.filter((r) => r.serial_key !== null).length}`,
    `${has('model')}`,
    breakdown(d.map((r) => r.kind as string | null)),
    `${has('os_version_raw')}`,
    `${has('os_version')}`,
    `${has('storage_total_mb')}`,
    `${has('battery_health_pct')}`,
    `${has('last_contact')}`,
    breakdown(d.map((r) => r.status as string)),
    `${has('asset_tag')}`,
    `${has('name')}`,
    `${await appUsage.count(env.db, tenantId)}`,
    `${run.rejected}`,
  ];
}

describe('the recorded samples, synced through the fake MDMs', () => {
  for (const c of CASES) {
    it(`${c.system}: every record of the sample is a device`, async () => {
      const tenant = await seedTenant(
        env,
        `samples-${c.system
          .toLowerCase()
          .replace(/[^a-z]+/g, '-')
          .replace(/-$/, '')}`,
      );
      const mdm = env.closes(await c.start());
      const id = await createSource(env, tenant, { ...c.source(mdm.url), name: 'sample', page_size: 3, time_zone: 'Europe/Paris' });
      const run = await syncNow(env, tenant, id);
      expect(run).toMatchObject({ status: 'succeeded', records_seen: c.records });
      const row = await storedRow(c, tenant.tenantId, run);
      rows.push(`| ${row.join(' | ')} |`);
    });
  }

  it('docs/connectors.md shows what each sample gives', () => {
    const table = [
      '| system | records | devices | serial | model | kind | OS raw | OS normalised | storage | battery health | last contact | status | asset tag | name | app sessions | observations refused |',
      '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
      ...rows,
    ].join('\n');
    const doc = readFileSync(DOC, 'utf8');
    const section = `${START}\n${table}\n${END}`;
    if (process.env.UPDATE_DOCS === '1') writeFileSync(DOC, doc.replace(new RegExp(`${START}[\\s\\S]*${END}`), section));
    expect(readFileSync(DOC, 'utf8')).toContain(section);
  });
});
