import { randomBytes } from 'node:crypto';
import { commandLine } from '@vigie/config';
import { auditEvents, biRoles, type Db } from '@vigie/store';
import { cliActor } from './cli-actor.ts';
import { defineTenantCommand, withTenant } from './tenant-command.ts';

const { positiveInt, requireOption, UsageError } = commandLine;
const { BiLoginDefaults } = biRoles;

const NAME_OPTION = { type: 'string', valueName: 'ROLE', description: 'PostgreSQL login name' } as const;
const VALID_DAYS_OPTION = {
  type: 'string',
  valueName: 'DAYS',
  default: String(BiLoginDefaults.validDays),
  description: 'days until the password expires (VALID UNTIL)',
} as const;

// 24 random bytes: the password is only ever pasted into a BI tool, so length costs nothing.
const newPassword = () => randomBytes(24).toString('base64url');

/** Every change to a BI login is journaled: the login name is the target, never its password. */
const journal = (db: Db, tenantId: string, action: string, name: string, details?: Record<string, unknown>) =>
  auditEvents.append(db, tenantId, cliActor(), { action, target: { kind: 'bi_login', id: name }, details });

function validUntil(values: { 'valid-days'?: string }): Date {
  const days = positiveInt('valid-days', values['valid-days'] ?? String(BiLoginDefaults.validDays));
  if (days > 3650) throw new UsageError(`--valid-days must be at most 3650, got "${days}"`);
  return biRoles.policyFor(new Date(), days).validUntil;
}

export const biUser = defineTenantCommand({
  name: 'bi-user',
  summary: 'create a read-only PostgreSQL login for BI tools, limited to one tenant; prints its password once',
  details: [
    'the login expires (--valid-days), holds at most --connection-limit sessions, and each query stops after --statement-timeout seconds',
    'the password reaches PostgreSQL as a SCRAM-SHA-256 verifier only; see docs/bi.md for the views it can read',
  ],
  options: {
    name: NAME_OPTION,
    'valid-days': VALID_DAYS_OPTION,
    'connection-limit': {
      type: 'string',
      valueName: 'N',
      default: String(BiLoginDefaults.connectionLimit),
      description: 'sessions the login may hold at once',
    },
    'statement-timeout': {
      type: 'string',
      valueName: 'SECONDS',
      default: String(BiLoginDefaults.statementTimeoutSeconds),
      description: 'longest a query may run',
    },
  },
  examples: [
    'npm run vigie -- bi-user --tenant d077 --name bi_d077_metabase',
    'npm run vigie -- bi-user --tenant d077 --name bi_d077_grafana --valid-days 90 --connection-limit 2 --statement-timeout 30',
  ],
  async run(values, code) {
    const name = requireOption(values, 'name');
    const policy = {
      validUntil: validUntil(values),
      connectionLimit: positiveInt('connection-limit', values['connection-limit']),
      statementTimeoutSeconds: positiveInt('statement-timeout', values['statement-timeout']),
    };
    const password = newPassword();
    await withTenant(code, async (db, tenant) => {
      await biRoles.create(db, tenant.id, name, password, policy);
      await journal(db, tenant.id, 'bi_login.created', name, {
        valid_until: policy.validUntil.toISOString(),
        connection_limit: policy.connectionLimit,
      });
    });
    console.log(password);
  },
});

export const biUserRotate = defineTenantCommand({
  name: 'bi-user-rotate',
  summary: "give a tenant's BI login a new password and expiry; prints the password once",
  details: ['sessions already open keep running until they disconnect; use bi-user-revoke to end them'],
  options: { name: NAME_OPTION, 'valid-days': VALID_DAYS_OPTION },
  examples: [
    'npm run vigie -- bi-user-rotate --tenant d077 --name bi_d077_metabase',
    'npm run vigie -- bi-user-rotate --tenant d077 --name bi_d077_metabase --valid-days 90',
  ],
  async run(values, code) {
    const name = requireOption(values, 'name');
    const until = validUntil(values);
    const password = newPassword();
    await withTenant(code, async (db, tenant) => {
      await biRoles.rotate(db, tenant.id, name, password, until);
      await journal(db, tenant.id, 'bi_login.rotated', name, { valid_until: until.toISOString() });
    });
    console.log(password);
  },
});

export const biUserRevoke = defineTenantCommand({
  name: 'bi-user-revoke',
  summary: "drop a tenant's BI login and end its open sessions",
  details: ['prints the number of sessions ended; the login cannot connect again'],
  options: { name: NAME_OPTION },
  examples: ['npm run vigie -- bi-user-revoke --tenant d077 --name bi_d077_metabase'],
  async run(values, code) {
    const name = requireOption(values, 'name');
    const result = await withTenant(code, async (db, tenant) => {
      const dropped = await biRoles.drop(db, tenant.id, name);
      await journal(db, tenant.id, 'bi_login.revoked', name, dropped);
      return dropped;
    });
    console.log(JSON.stringify({ revoked: name, ...result }));
  },
});
