// Operator CLI: `npm run vigie -- <command> [options]`. The first platform administrator token comes
// from here; everything else can then go through the REST API.
import { parseArgs } from 'node:util';
import { loadConfig } from '@vigie/config';
import { Roles, TenantKinds } from '@vigie/contracts';
import { apiTokens, createDb, prepareDatabase, tenants } from '@vigie/store';

const USAGE = `usage: npm run vigie -- <command>
  migrate                                          apply migrations and create partitions
  admin-token --name NAME                          create a platform administrator token
  tenant-create --code CODE --name NAME --kind K   kinds: ${TenantKinds.join(', ')}
  token-create --tenant CODE --role ROLE --name NAME [--uai UAI ...]
                                                   roles: ${Roles.join(', ')}`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { name: { type: 'string' }, code: { type: 'string' }, kind: { type: 'string' }, tenant: { type: 'string' }, role: { type: 'string' }, uai: { type: 'string', multiple: true } },
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
      const tenant = await tenants.create(db, { code: required('code'), name: required('name'), kind });
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
