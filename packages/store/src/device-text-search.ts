// Text search over a tenant's devices (`GET /v1/devices?q=`): the fields a person types a fragment
// of, matched through the trigram index of migration 0048.
import { sql } from 'kysely';
import type { Db } from './db.ts';

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** The devices whose serial, asset tag, name, model, manufacturer or raw OS version contains `text` (devices_text_search, 0048). */
export function textMatches(text: string) {
  const pattern = `%${escapeLike(text)}%`;
  return sql<boolean>`(d.serial ILIKE ${pattern} OR d.asset_tag ILIKE ${pattern} OR d.name ILIKE ${pattern}
    OR d.model ILIKE ${pattern} OR d.manufacturer ILIKE ${pattern} OR d.os_version_raw ILIKE ${pattern})`;
}

/**
 * Up to this many devices matching a text search are sorted whole; more are found by walking the
 * last_seen order, where they are dense enough for a page of 50 to come quickly.
 */
const FEW_TEXT_MATCHES = 2_000;

/**
 * Whether a text search matches few enough devices to sort them all. The planner cannot know: it
 * estimates thousands of matches for six ILIKE conditions, so it walked the tenant's devices in
 * last_seen order waiting for 50 of them, and a serial fragment whose 111 devices sat at the far end
 * of the order read 269,000 devices (10 s at 1,000,000 devices). The trigram index answers this
 * count, capped, in milliseconds.
 */
export async function fewTextMatches(db: Db, tenantId: string, text: string): Promise<boolean> {
  const r = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('devices as d')
        .select(sql`1`.as('one'))
        .where('d.tenant_id', '=', tenantId)
        .where(textMatches(text))
        .limit(FEW_TEXT_MATCHES + 1)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n) <= FEW_TEXT_MATCHES;
}
