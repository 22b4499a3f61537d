import { sql } from 'kysely';
import { DefaultObsolescenceRules, type ObsolescenceRule } from '@vigie/contracts';
import type { Db } from './db.ts';

/** The tenant's rules, or the defaults when it set none (`custom` says which). */
export async function list(db: Db, tenantId: string): Promise<{ custom: boolean; rules: ObsolescenceRule[] }> {
  const rows = await db
    .selectFrom('obsolescence_rules')
    .select(['reason', 'device_kind', 'platform', 'threshold', 'min_version'])
    .where('tenant_id', '=', tenantId)
    .orderBy('reason')
    .orderBy('device_kind')
    .orderBy('platform')
    .execute();
  // The columns are text: what was stored had passed the ObsolescenceRule schema.
  return rows.length ? { custom: true, rules: rows as ObsolescenceRule[] } : { custom: false, rules: [...DefaultObsolescenceRules] };
}

/** Replaces the tenant's rules as a whole (an empty list goes back to the defaults). */
export async function replace(db: Db, tenantId: string, rules: ObsolescenceRule[]) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('obsolescence_rules').where('tenant_id', '=', tenantId).execute();
    if (rules.length === 0) return;
    // json_to_recordset keeps one statement shape whatever the number of rules.
    await sql`
      INSERT INTO obsolescence_rules (tenant_id, reason, device_kind, platform, threshold, min_version)
      SELECT ${tenantId}, t.reason, t.device_kind, t.platform, t.threshold, t.min_version
      FROM json_to_recordset(${JSON.stringify(rules)}::json) AS t(reason text, device_kind text, platform text, threshold real, min_version text)`.execute(
      trx,
    );
  });
}
