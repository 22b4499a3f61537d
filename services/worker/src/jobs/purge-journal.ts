import { auditEvents, type Db } from '@vigie/store';

const SYSTEM = { kind: 'system', id: null, name: 'retention', address: null } as const;

/**
 * Deletes journal events older than `before`, chain by chain (AUDIT_RETENTION_DAYS). Each chain
 * keeps its anchor, and records the purge itself as its next event, so the journal says what went.
 */
export async function purgeJournal(db: Db, before: Date): Promise<{ chains: number; deleted: number }> {
  let deleted = 0;
  const chains = await auditEvents.chains(db);
  for (const chain of chains) {
    const purged = await auditEvents.purgeBefore(db, chain.chain, before);
    if (purged.deleted === 0) continue;
    deleted += purged.deleted;
    await auditEvents.append(db, chain.tenant_id, SYSTEM, {
      action: 'audit.purged',
      details: { deleted: purged.deleted, up_to_seq: purged.anchorSeq, before: before.toISOString() },
    });
  }
  return { chains: chains.length, deleted };
}
