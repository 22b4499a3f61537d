import { commandLine } from '@vigie/config';
import { Roles } from '@vigie/contracts';
import { apiTokens, auditEvents } from '@vigie/store';
import { withDatabase } from './open-database.ts';
import { cliActor } from './cli-actor.ts';
import { TENANT_OPTION, tenantByCode } from './tenant-commands.ts';

const { defineCommand, requireOption, UsageError } = commandLine;

export const adminToken = defineCommand({
  name: 'admin-token',
  summary: 'create a platform administrator token (the first one comes from here) and print it once',
  options: { name: { type: 'string', description: 'who or what holds it' } },
  examples: ['npm run vigie -- admin-token --name exploitation'],
  async run(values) {
    const name = requireOption(values, 'name');
    const created = await withDatabase(async (db) => {
      const token = await apiTokens.create(db, { tenantId: null, role: 'admin', name });
      await auditEvents.append(db, null, cliActor(), { action: 'token.created', target: { kind: 'token', id: token.id }, details: { name, role: 'admin' } });
      return token;
    });
    console.log(created.token);
  },
});

export const tokenCreate = defineCommand({
  name: 'token-create',
  summary: "create a tenant's API token and print it once",
  details: [`roles: ${Roles.join(', ')}; an establishment token sees only the UAIs given with --uai`],
  options: {
    tenant: TENANT_OPTION,
    role: { type: 'string', description: `one of ${Roles.join(', ')}` },
    name: { type: 'string', description: 'who or what holds it' },
    uai: { type: 'string', multiple: true, description: 'an establishment the token may see (role establishment)' },
  },
  examples: ['npm run vigie -- token-create --tenant d077 --role operator --name dsi', 'npm run vigie -- token-create --tenant d077 --role establishment --name principal --uai 0770934X'],
  async run(values) {
    const code = requireOption(values, 'tenant');
    const role = requireOption(values, 'role');
    if (!(Roles as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${Roles.join(', ')}, got "${role}"`);
    const name = requireOption(values, 'name');
    const created = await withDatabase(async (db) => {
      const tenantId = (await tenantByCode(db, code)).id;
      const token = await apiTokens.create(db, { tenantId, role, name, establishmentUais: values.uai ?? [] });
      await auditEvents.append(db, tenantId, cliActor(), { action: 'token.created', target: { kind: 'token', id: token.id }, details: { name, role, uais: values.uai?.length ?? 0 } });
      return token;
    });
    console.log(created.token);
  },
});
