import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { establishments, tenants } from '@vigie/store';
import { importAnnuaire } from '../../scripts/reference/annuaire-import.ts';
import { useTestEnv } from '../setup/use-test-env.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/annuaire/${name}`, import.meta.url), 'utf8');
const env = useTestEnv();

describe('annuaire import', () => {
  it('a département imports only its collèges, closed ones flagged, and a re-import changes nothing', async () => {
    const tenant = await tenants.create(env.db, { code: 'cd77', name: 'Seine-et-Marne', kind: 'departement', territoryCode: '77' });
    const options = { text: fixture('excerpt.csv'), format: 'csv' as const, perimeter: { kind: 'departement', territoryCode: '77' } };
    const first = await importAnnuaire(env.db, tenant.id, options);
    expect(first).toMatchObject({ read: 10, inserted: 2, updated: 0, extraSites: 1, rejected: [] });
    const rows = await establishments.list(env.db, tenant.id, null);
    expect(rows.map((r) => [r.uai, r.type, r.closed, r.departement_code, r.calendar_zone])).toEqual([
      ['0770003K', 'college', false, '77', 'C'],
      ['0770004L', 'college', true, '77', 'C'],
    ]);
    expect(rows[0]).toMatchObject({ pupils: 612, education_priority: 'REP+', academie: 'Créteil', rhythm: null });
    const again = await importAnnuaire(env.db, tenant.id, options);
    expect(again).toMatchObject({ inserted: 0, updated: 2 });
    expect(await establishments.list(env.db, tenant.id, null)).toEqual(rows);
  });

  it('imports the JSON export without perimeter, rejecting rows that are not establishments, overseas time zone kept', async () => {
    const tenant = await tenants.create(env.db, { code: 'grp', name: 'Groupement', kind: 'grouping' });
    const json = await importAnnuaire(env.db, tenant.id, { text: fixture('excerpt.json'), format: 'json', perimeter: null });
    expect(json).toMatchObject({ inserted: 2, rejected: [expect.objectContaining({ reason: expect.stringContaining('not a UAI') })] });
    const csv = await importAnnuaire(env.db, tenant.id, { text: fixture('excerpt.csv'), format: 'csv', perimeter: null });
    expect(csv).toMatchObject({ inserted: 8, updated: 1 });
    const reunion = await establishments.findByUai(env.db, tenant.id, '9740001H');
    expect(reunion).toMatchObject({ calendar_zone: 'reunion', time_zone: 'Indian/Reunion' });
    expect(await establishments.findByUai(env.db, tenant.id, '0670001M')).toMatchObject({ alsace_moselle: true });
  });

  it('from the CLI, shows its progress in establishments written, then the counts', async () => {
    await tenants.create(env.db, { code: 'cd77cli', name: 'Seine-et-Marne', kind: 'departement', territoryCode: '77' });
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['scripts/vigie.ts', 'annuaire-import', '--tenant', 'cd77cli', '--file', 'test/fixtures/annuaire/excerpt.csv', '--perimeter'],
      {
        cwd: path.resolve(import.meta.dirname, '../..'),
        env: { ...process.env, ...env.env },
      },
    );
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^annuaire-import 100% 2\/2 establishments, .* in [\d.]+s$/);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ inserted: 2, updated: 0, outOfPerimeter: 7 });
  });
});
