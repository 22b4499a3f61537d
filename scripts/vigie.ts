// Operator CLI: `npm run vigie -- <command> [options]`. The first platform administrator token comes
// from here; everything else can then go through the REST API.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '@vigie/config';
import { PersonRoles, Roles, TenantKinds } from '@vigie/contracts';
import { parseCalendarCsv, parseCalendarJson } from '@vigie/calendar';
import { apiTokens, biRoles, calendarPeriods, createDb, prepareDatabase, tenants } from '@vigie/store';
import { createLoginLink } from '../services/api/src/sign-in/login-link.ts';
import { importAnnuaire } from './reference/annuaire-import.ts';

const USAGE = `usage: npm run vigie -- <command>
  migrate                                          apply migrations and create partitions
  admin-token --name NAME                          create a platform administrator token
  tenant-create --code CODE --name NAME --kind K [--territory CODE]
                                                   kinds: ${TenantKinds.join(', ')}; territory: the commune,
                                                   département or région code the tenant pays for
  annuaire-import --tenant CODE --file PATH [--perimeter]
                                                   import a fr-en-annuaire-education export (.csv with ';' or .json);
                                                   --perimeter keeps the tenant's competence and territory only
  calendar-import --tenant CODE --file PATH        import the school calendar fr-en-calendrier-scolaire (.csv with ';'
                                                   or its .json export); replaces the zones and school years it holds
  bi-user --tenant CODE --name ROLE                read-only PostgreSQL login for BI tools, limited to the tenant
                                                   (docs/bi.md); prints its password once
  token-create --tenant CODE --role ROLE --name NAME [--uai UAI ...]
                                                   roles: ${Roles.join(', ')}
  login-link --tenant CODE --role ROLE [--uai UAI ...] [--minutes N] [--name NAME] [--next PATH]
                                                   print a one-time sign-in link to the dashboard for a person
                                                   (roles: ${PersonRoles.join(', ')}; --uai for establishment;
                                                   default lifetime LOGIN_LINK_MINUTES, 15)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, code: { type: 'string' }, kind: { type: 'string' }, tenant: { type: 'string' }, role: { type: 'string' }, territory: { type: 'string' }, file: { type: 'string' }, perimeter: { type: 'boolean' }, uai: { type: 'string', multiple: true }, minutes: { type: 'string' }, next: { type: 'string' } },
});

function required(name: keyof typeof values): string {
  const value = values[name];
  if (typeof value !== 'string' || !value) {
    console.error(`missing --${name}\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

const config = loadConfig();
const db = createDb({ url: config.db.url, poolMax: 2, applicationName: 'vigie-cli' });
try {
  await prepareDatabase(db, config.db.url, config.retention.observationDays);
  switch (positionals[0]) {
    case 'migrate':
      console.log('database is up to date');
      break;
    case 'admin-token': {
      const created = await apiTokens.create(db, { tenantId: null, role: 'admin', name: required('name') });
      console.log(created.token);
      break;
    }
    case 'tenant-create': {
      const kind = required('kind');
      if (!(TenantKinds as readonly string[]).includes(kind)) throw new Error(`--kind must be one of ${TenantKinds.join(', ')}`);
      const tenant = await tenants.create(db, { code: required('code'), name: required('name'), kind, ...(values.territory ? { territoryCode: values.territory } : {}) });
      console.log(tenant.id);
      break;
    }
    case 'token-create': {
      const tenant = await tenants.findByCode(db, required('tenant'));
      if (!tenant) throw new Error(`no tenant ${values.tenant}`);
      const role = required('role');
      if (!(Roles as readonly string[]).includes(role)) throw new Error(`--role must be one of ${Roles.join(', ')}`);
      const created = await apiTokens.create(db, { tenantId: tenant.id, role, name: required('name'), establishmentUais: values.uai ?? [] });
      console.log(created.token);
      break;
    }
    case 'login-link': {
      const link = await createLoginLink(db, config, {
        tenantCode: required('tenant'),
        role: required('role'),
        uais: values.uai ?? [],
        ...(values.minutes ? { minutes: Number(values.minutes) } : {}),
        ...(values.name ? { name: values.name } : {}),
        ...(values.next ? { next: values.next } : {}),
      });
      console.log(link.url);
      break;
    }
    case 'annuaire-import': {
      const tenant = await tenants.findByCode(db, required('tenant'));
      if (!tenant) throw new Error(`no tenant ${values.tenant}`);
      if (values.perimeter && !tenant.territory_code) throw new Error(`tenant ${tenant.code} has no territory code; create it with --territory`);
      const file = required('file');
      const result = await importAnnuaire(db, tenant.id, {
        text: readFileSync(file, 'utf8'),
        format: file.endsWith('.json') ? 'json' : 'csv',
        perimeter: values.perimeter ? { kind: tenant.kind, territoryCode: tenant.territory_code! } : null,
      });
      console.log(JSON.stringify(result));
      break;
    }
    case 'calendar-import': {
      const tenant = await tenants.findByCode(db, required('tenant'));
      if (!tenant) throw new Error(`no tenant ${values.tenant}`);
      const file = required('file');
      const text = readFileSync(file, 'utf8');
      const periods = file.endsWith('.json') ? parseCalendarJson(JSON.parse(text)) : parseCalendarCsv(text);
      const result = await calendarPeriods.replaceYears(db, tenant.id, periods);
      console.log(JSON.stringify({ periods: result.inserted, removed: result.removed, zones: [...new Set(periods.map((p) => p.zone))].sort() }));
      break;
    }
    case 'bi-user': {
      const tenant = await tenants.findByCode(db, required('tenant'));
      if (!tenant) throw new Error(`no tenant ${values.tenant}`);
      const password = randomBytes(24).toString('base64url');
      await biRoles.create(db, tenant.id, required('name'), password);
      console.log(password);
      break;
    }
    default:
      console.error(USAGE);
      process.exitCode = 2;
  }
} catch (error) {
  console.error(`vigie: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.destroy();
}
