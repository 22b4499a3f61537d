import { commandLine } from '@vigie/config';
import { auditEvents } from '@vigie/store';
import { withDatabase } from './open-database.ts';
import { TENANT_OPTION, tenantByCode } from './tenant-command.ts';

const { defineCommand, UsageError } = commandLine;

export const audit = defineCommand({
  name: 'audit',
  summary: "verify the journal's hash chains (audit verify): exits 1 naming the first altered or missing event",
  details: [
    "audit verify recomputes every chain (the platform chain and each tenant's), or one tenant's with --tenant,",
    'from its anchor (the last event the retention purge deleted) to its head. A row changed, inserted or',
    "removed behind Vigie's back breaks the chain at its seq.",
  ],
  options: { tenant: TENANT_OPTION },
  examples: ['npm run vigie -- audit verify', 'npm run vigie -- audit verify --tenant d077'],
  async run(values, positionals) {
    if (positionals[0] !== 'verify' || positionals.length > 1)
      throw new UsageError(`expected "audit verify", got "audit ${positionals.join(' ')}"; see npm run vigie -- audit --help`);
    const results = await withDatabase(async (db) => {
      if (values.tenant) return [await auditEvents.verify(db, (await tenantByCode(db, values.tenant)).id)];
      const all = await auditEvents.chains(db);
      return Promise.all(all.map((c) => auditEvents.verify(db, c.tenant_id)));
    });
    for (const r of results)
      console.log(
        r.ok
          ? `chain ${r.chain}: ok, ${r.events} events up to seq ${r.lastSeq}`
          : `chain ${r.chain}: BROKEN at seq ${r.brokenSeq}: ${r.reason}`,
      );
    const broken = results.find((r) => !r.ok);
    if (broken && !broken.ok) throw new Error(`chain ${broken.chain} is broken at seq ${broken.brokenSeq}`);
  },
});
