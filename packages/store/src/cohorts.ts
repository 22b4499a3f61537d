import { sql } from 'kysely';
import type { Db } from './db.ts';

/** Creates a cohort with its members (establishment or device ids); answers null if the name is taken. */
export async function create(db: Db, tenantId: string, name: string, memberKind: string, memberIds: string[]) {
  return db.transaction().execute(async (trx) => {
    const cohort = await trx
      .insertInto('cohorts')
      .values({ tenant_id: tenantId, name, member_kind: memberKind })
      .onConflict((oc) => oc.columns(['tenant_id', 'name']).doNothing())
      .returning('id')
      .executeTakeFirst();
    const id = cohort?.id;
    if (!id) return null;
    // unnest keeps one statement shape whatever the number of members.
    await sql`
      INSERT INTO cohort_members (tenant_id, cohort_id, member_id)
      SELECT ${tenantId}, ${id}, m FROM unnest(${memberIds}::uuid[]) AS m ON CONFLICT DO NOTHING`.execute(trx);
    return id;
  });
}

export async function list(db: Db, tenantId: string) {
  return db
    .selectFrom('cohorts as c')
    .leftJoin('cohort_members as m', (join) => join.onRef('m.tenant_id', '=', 'c.tenant_id').onRef('m.cohort_id', '=', 'c.id'))
    .select(['c.id', 'c.name', 'c.member_kind', (eb) => eb.fn.count<number>('m.member_id').as('members')])
    .where('c.tenant_id', '=', tenantId)
    .groupBy(['c.id', 'c.name', 'c.member_kind'])
    .orderBy('c.name')
    .execute();
}

/** A cohort without a device-day in the range. */
export const NO_ACTIVITY = Object.freeze({
  devices: 0,
  in_service: 0,
  active: 0,
  active_measured: 0,
  active_usage: 0,
  active_presence: 0,
  presence_active: 0,
  judged_on_use: 0,
});

/**
 * Activity of each cohort over a date range, from device decisions on school days: an establishment
 * cohort counts its establishments' devices, a device cohort its own devices.
 */
export async function activity(db: Db, tenantId: string, range: { from: string; to: string }) {
  // Raw: eight FILTERed counts and a join condition that depends on the cohort's member kind.
  const r = await sql<{
    cohort_id: string;
    devices: number;
    in_service: number;
    active: number;
    active_measured: number;
    active_usage: number;
    active_presence: number;
    presence_active: number;
    judged_on_use: number;
  }>`
    SELECT m.cohort_id, count(DISTINCT a.device_id) FILTER (WHERE a.in_service)::int AS devices,
           count(*) FILTER (WHERE a.in_service)::int AS in_service,
           count(*) FILTER (WHERE a.in_service AND a.active)::int AS active,
           count(*) FILTER (WHERE a.in_service AND a.active AND a.signal = 'measured')::int AS active_measured,
           count(*) FILTER (WHERE a.in_service AND a.active AND a.signal = 'usage')::int AS active_usage,
           count(*) FILTER (WHERE a.in_service AND a.active AND a.signal = 'presence')::int AS active_presence,
           count(*) FILTER (WHERE a.in_service AND a.presence_active)::int AS presence_active,
           count(*) FILTER (WHERE a.in_service AND a.judged_on_use)::int AS judged_on_use
    FROM cohorts c
    JOIN cohort_members m ON m.tenant_id = c.tenant_id AND m.cohort_id = c.id
    JOIN device_activity a ON a.tenant_id = m.tenant_id AND a.school_day AND a.day BETWEEN ${range.from}::date AND ${range.to}::date
      AND ((c.member_kind = 'establishment' AND a.establishment_id = m.member_id) OR (c.member_kind = 'device' AND a.device_id = m.member_id))
    WHERE c.tenant_id = ${tenantId}
    GROUP BY m.cohort_id`.execute(db);
  return r.rows;
}
