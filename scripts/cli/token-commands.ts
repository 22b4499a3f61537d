import { commandLine, type Config } from '@vigie/config';
import { Roles, tokenExpiry, type Role } from '@vigie/contracts';
import { createRedis, tokenEnds } from '@vigie/queue';
import { apiTokens, auditEvents } from '@vigie/store';
import { withDatabase } from './open-database.ts';
import { cliActor } from './cli-actor.ts';
import { defineTenantCommand, tenantByCode, withTenant } from './tenant-command.ts';

const { defineCommand, positiveInt, requireOption, UsageError } = commandLine;

export const adminToken = defineCommand({
  name: 'admin-token',
  summary: 'create a platform administrator token (the first one comes from here) and print it once',
  options: { name: { type: 'string', description: 'who or what holds it' } },
  examples: ['npm run vigie -- admin-token --name exploitation'],
  async run(values) {
    const name = requireOption(values, 'name');
    const created = await withDatabase(async (db) => {
      const token = await apiTokens.create(db, { tenantId: null, role: 'admin', name, createdBy: 'cli' });
      await auditEvents.append(db, null, cliActor(), {
        action: 'token.created',
        target: { kind: 'token', id: token.id },
        details: { name, role: 'admin' },
      });
      return token;
    });
    console.log(created.token);
  },
});

export const tokenCreate = defineTenantCommand({
  name: 'token-create',
  summary: "create a tenant's API token and print it once",
  details: [
    `roles: ${Roles.join(', ')}; an establishment token sees only the UAIs given with --uai`,
    'a connector token needs --expires-in-days; no token lives longer than TOKEN_MAX_DAYS (397 by default)',
  ],
  options: {
    role: { type: 'string', description: `one of ${Roles.join(', ')}` },
    name: { type: 'string', description: 'who or what holds it' },
    uai: { type: 'string', multiple: true, description: 'an establishment the token may see (role establishment)' },
    'expires-in-days': { type: 'string', valueName: 'N', description: 'days until it stops working (required for role connector)' },
  },
  examples: [
    'npm run vigie -- token-create --tenant d077 --role operator --name dsi',
    'npm run vigie -- token-create --tenant d077 --role connector --name intune --expires-in-days 365',
    'npm run vigie -- token-create --tenant d077 --role establishment --name principal --uai 0770934X --expires-in-days 90',
  ],
  async run(values, code) {
    const role = requireOption(values, 'role');
    if (!(Roles as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${Roles.join(', ')}, got "${role}"`);
    const name = requireOption(values, 'name');
    const given = values['expires-in-days'];
    const days = given === undefined ? undefined : positiveInt('expires-in-days', given);
    const created = await withDatabase(async (db, config) => {
      const expiry = tokenExpiry(role as Role, days, config.tokens.maxDays);
      if (!expiry.ok) throw new UsageError(`--expires-in-days: ${expiry.message}`);
      const tenantId = (await tenantByCode(db, code)).id;
      const token = await apiTokens.create(db, {
        tenantId,
        role,
        name,
        establishmentUais: values.uai ?? [],
        expiresAt: expiry.expiresAt,
        createdBy: 'cli',
      });
      await auditEvents.append(db, tenantId, cliActor(), {
        action: 'token.created',
        target: { kind: 'token', id: token.id },
        details: { name, role, uais: values.uai?.length ?? 0 },
      });
      return token;
    });
    console.log(created.token);
  },
});

export const tokenRevoke = defineTenantCommand({
  name: 'token-revoke',
  summary: "revoke a tenant's token: every API process refuses it and closes its live streams at once",
  details: ['the token id is in GET /v1/tenants/{id}/tokens'],
  options: { id: { type: 'string', valueName: 'UUID', description: 'the token id' } },
  examples: ['npm run vigie -- token-revoke --tenant d077 --id 6f1c0f3e-1d2b-4c5a-9e8f-0a1b2c3d4e5f'],
  async run(values, code) {
    const id = requireOption(values, 'id');
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
      throw new UsageError(`--id must be a token id (UUID), got "${id}"`);
    const announced = await withTenant(code, async (db, tenant, config) => {
      if (!(await apiTokens.revoke(db, tenant.id, id))) throw new UsageError(`no live token ${id} in tenant ${code}`);
      await auditEvents.append(db, tenant.id, cliActor(), { action: 'token.revoked', target: { kind: 'token', id } });
      return announceEnd(config, id);
    });
    console.log(`revoked ${id}`);
    if (!announced)
      console.error('Redis unreachable: API processes refuse the token within 30 s (their cache), its open streams stay until then');
  },
});

const ANNOUNCE_TIMEOUT_MS = 3_000;

/** Publishes the end to every API process; false when Redis does not take it in time (the revocation holds regardless). */
async function announceEnd(config: Readonly<Config>, tokenId: string): Promise<boolean> {
  const redis = createRedis(config.redis.url);
  redis.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ANNOUNCE_TIMEOUT_MS)));
  try {
    return await Promise.race([tokenEnds.publish(redis, config.redis.prefix, tokenId).then(() => true), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    redis.disconnect();
  }
}
