import { readFileSync } from 'node:fs';
import { commandLine } from '@vigie/config';
import { TenantKinds } from '@vigie/contracts';
import { progressBar, type ProgressBar } from '@vigie/simulator';
import { auditEvents, tenants } from '@vigie/store';
import { requestRecompute } from '../../services/api/src/recompute/request-recompute.ts';
import { importAnnuaire } from '../reference/annuaire-import.ts';
import { withDatabase } from './open-database.ts';
import { cliActor } from './cli-actor.ts';
import { withQueues } from './open-queues.ts';
import { defineTenantCommand, withTenant } from './tenant-command.ts';

const { defineCommand, requireOption, UsageError } = commandLine;

/** The --file option of the commands that import an open-data export. */
export const EXPORT_FILE_OPTION = { type: 'string', valueName: 'PATH', description: 'the export (.csv or .json)' } as const;

/** An open-data export given with --file: its text, and whether it is the .json or the .csv (";") export. */
export function readExport(file: string): { text: string; format: 'json' | 'csv' } {
  return { text: readFileSync(file, 'utf8'), format: file.endsWith('.json') ? 'json' : 'csv' };
}

export const tenantCreate = defineCommand({
  name: 'tenant-create',
  summary: 'create a tenant (a collectivité) and print its id',
  details: [`kinds: ${TenantKinds.join(', ')}; the territory is the commune, département or région code the tenant pays for`],
  options: {
    code: { type: 'string', description: 'short code used in commands and tokens' },
    name: { type: 'string', description: 'display name' },
    kind: { type: 'string', description: `one of ${TenantKinds.join(', ')}` },
    territory: { type: 'string', valueName: 'CODE', description: 'INSEE code of its territory (for annuaire-import --perimeter)' },
  },
  examples: ['npm run vigie -- tenant-create --code d077 --name "Département de Seine-et-Marne" --kind departement --territory 077'],
  async run(values) {
    const kind = requireOption(values, 'kind');
    if (!(TenantKinds as readonly string[]).includes(kind))
      throw new UsageError(`--kind must be one of ${TenantKinds.join(', ')}, got "${kind}"`);
    const code = requireOption(values, 'code');
    const name = requireOption(values, 'name');
    const tenant = await withDatabase(async (db) => {
      const created = await tenants.create(db, { code, name, kind, ...(values.territory ? { territoryCode: values.territory } : {}) });
      await auditEvents.append(db, null, cliActor(), {
        action: 'tenant.created',
        target: { kind: 'tenant', id: created.id },
        details: { code, kind },
      });
      return created;
    });
    console.log(tenant.id);
  },
});

export const annuaireImport = defineTenantCommand({
  name: 'annuaire-import',
  summary: "import a tenant's establishments from a fr-en-annuaire-education export",
  details: [
    'accepts the .csv export (separator ";") or the .json export; rows not imported are counted with their reason.',
    'Days already rolled up of establishments whose type, zone, time zone, Alsace-Moselle, pupils or priority changed',
    'are recomputed by the workers, as after PATCH /v1/establishments/{uai}; follow them with GET /v1/recompute.',
  ],
  options: {
    file: EXPORT_FILE_OPTION,
    perimeter: { type: 'boolean', description: "keep only the tenant's competence and territory" },
  },
  examples: ['npm run vigie -- annuaire-import --tenant d077 --file fr-en-annuaire-education.csv --perimeter'],
  async run(values, code) {
    const file = requireOption(values, 'file');
    const { text, format } = readExport(file);
    const result = await withTenant(code, async (db, tenant, config) => {
      if (values.perimeter && !tenant.territory_code)
        throw new UsageError(`tenant ${tenant.code} has no territory code; create it with --territory`);
      let bar: ProgressBar | undefined;
      const imported = await importAnnuaire(
        db,
        tenant.id,
        {
          text,
          format,
          perimeter: values.perimeter ? { kind: tenant.kind, territoryCode: tenant.territory_code! } : null,
        },
        (written, total) => (bar ??= progressBar('annuaire-import', total, 'establishments')).update(written),
      );
      bar?.finish();
      await auditEvents.append(db, tenant.id, cliActor(), {
        action: 'annuaire.imported',
        details: {
          read: imported.read,
          rejected: imported.rejected.length,
          outOfPerimeter: imported.outOfPerimeter,
          extraSites: imported.extraSites,
          perimeter: Boolean(values.perimeter),
        },
      });
      const { moved, ...counts } = imported;
      const run = moved.length
        ? await withQueues(config, (queues) => requestRecompute({ db, queues, config }, tenant.id, 'establishment', moved))
        : null;
      return { ...counts, recompute_days: run?.days_total ?? 0 };
    });
    console.log(JSON.stringify(result));
  },
});
