import { commandLine, type Config } from '@vigie/config';
import { tenants, type Db } from '@vigie/store';
import { withDatabase } from './open-database.ts';

const { defineCommand, requireOption, UsageError } = commandLine;
type OptionSpec = commandLine.OptionSpec;
type OptionValues<O extends Record<string, OptionSpec>> = commandLine.OptionValues<O>;

/** The --tenant option of every command that acts on one tenant. */
export const TENANT_OPTION = { type: 'string', valueName: 'CODE', description: 'tenant code' } as const;

/** The tenant named by --tenant, or an error naming the code. */
export async function tenantByCode(db: Db, code: string) {
  const tenant = await tenants.findByCode(db, code);
  if (!tenant) throw new UsageError(`no tenant with code "${code}" (--tenant)`);
  return tenant;
}

type Tenant = Awaited<ReturnType<typeof tenantByCode>>;

/** Runs `work` on the configured database for the tenant of code `code`, or fails naming the code. */
export function withTenant<T>(code: string, work: (db: Db, tenant: Tenant, config: Readonly<Config>) => Promise<T>): Promise<T> {
  return withDatabase(async (db, config) => work(db, await tenantByCode(db, code), config));
}

interface TenantCommand<O extends Record<string, OptionSpec>> extends Omit<commandLine.Command<O>, 'run'> {
  /** `tenantCode` is --tenant, checked present before anything else. */
  run(values: OptionValues<O>, tenantCode: string): Promise<void>;
}

/** A command on the one tenant --tenant names: the option comes first in its help, and is required. */
export function defineTenantCommand<const O extends Record<string, OptionSpec>>(command: TenantCommand<O>): commandLine.Command {
  return defineCommand({
    ...command,
    options: { tenant: TENANT_OPTION, ...command.options },
    run: (values) => command.run(values as OptionValues<O>, requireOption(values, 'tenant')),
  });
}
