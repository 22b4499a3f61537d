import { commandLine } from '@vigie/config';
import { entryProblem } from '@vigie/outbound';
import { tenants } from '@vigie/store';
import { defineTenantCommand, withTenant } from './tenant-command.ts';

const { UsageError } = commandLine;

export const outboundAllow = defineTenantCommand({
  name: 'outbound-allow',
  summary: "print or replace the internal addresses a tenant's webhooks and sources may reach",
  details: [
    'entries are CIDRs, addresses or host names, comma-separated; a host name opens private and CGNAT addresses only',
    'the same list as PUT /v1/tenants/{id}/outbound-allowlist; platform-wide exceptions are OUTBOUND_ALLOW (docs/security.md)',
  ],
  options: {
    set: { type: 'string', valueName: 'LIST', description: 'replace the list with these entries' },
    clear: { type: 'boolean', description: 'empty the list' },
  },
  examples: [
    'npm run vigie -- outbound-allow --tenant d077',
    'npm run vigie -- outbound-allow --tenant d077 --set 10.20.0.0/16,glpi.college.lan',
    'npm run vigie -- outbound-allow --tenant d077 --clear',
  ],
  async run(values, code) {
    if (values.set !== undefined && values.clear) throw new UsageError('give --set or --clear, not both');
    const entries = values.clear
      ? []
      : values.set
          ?.split(',')
          .map((e) => e.trim())
          .filter(Boolean);
    for (const entry of entries ?? []) {
      const problem = entryProblem(entry);
      if (problem) throw new UsageError(`--set: ${problem}`);
    }
    const list = await withTenant(code, async (db, tenant) =>
      entries ? tenants.setOutboundAllow(db, tenant.id, [...new Set(entries)]) : tenants.outboundAllow(db, tenant.id),
    );
    console.log(JSON.stringify(list ?? []));
  },
});
