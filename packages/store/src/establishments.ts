import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface NewEstablishment {
  uai: string;
  name: string;
  type: string;
  calendarZone: string;
  timeZone: string;
  rhythm?: string | null;
  pupils?: number | null;
  educationPriority?: string | null;
  alsaceMoselle?: boolean;
}

export async function create(db: Db, tenantId: string, e: NewEstablishment) {
  return db
    .insertInto('establishments')
    .values({
      tenant_id: tenantId,
      uai: e.uai,
      name: e.name,
      type: e.type,
      calendar_zone: e.calendarZone,
      time_zone: e.timeZone,
      rhythm: e.rhythm ?? null,
      pupils: e.pupils ?? null,
      education_priority: e.educationPriority ?? null,
      alsace_moselle: e.alsaceMoselle ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Establishments of a tenant, optionally limited to some UAIs (establishment-scoped tokens). */
export async function list(db: Db, tenantId: string, onlyUais: string[] | null) {
  let query = db.selectFrom('establishments').selectAll().where('tenant_id', '=', tenantId);
  if (onlyUais) query = query.where('uai', 'in', onlyUais.length ? onlyUais : ['']);
  return query.orderBy('uai').execute();
}

export async function findByUai(db: Db, tenantId: string, uai: string) {
  return db.selectFrom('establishments').selectAll().where('tenant_id', '=', tenantId).where('uai', '=', uai).executeTakeFirst();
}

/** UAI -> id for the given UAIs that exist in the tenant. */
export async function idsByUai(db: Db, tenantId: string, uais: string[]): Promise<Map<string, string>> {
  if (uais.length === 0) return new Map();
  const rows = await db
    .selectFrom('establishments')
    .select(['uai', 'id'])
    .where('tenant_id', '=', tenantId)
    .where('uai', 'in', uais)
    .execute();
  return new Map(rows.map((r) => [r.uai, r.id]));
}

/** An establishment as the Annuaire de l'éducation describes it (see @vigie/calendar's annuaire reader). */
export interface RegistryRow {
  uai: string;
  name: string;
  type: string;
  calendarZone: string;
  timeZone: string;
  alsaceMoselle: boolean;
  pupils: number | null;
  publicPrivate: string | null;
  natureCode: string | null;
  academieCode: string | null;
  academie: string | null;
  communeCode: string | null;
  departementCode: string | null;
  departementRaw: string | null;
  regionCode: string | null;
  educationPriority: string | null;
  closed: boolean;
  parentUai: string | null;
  updatedOn: string | null;
}

// Attributes that move rolled-up figures: school days (type sets the default rhythm, zone and
// Alsace-Moselle the holidays, time zone the local days) and per-pupil figures and peer groups.
const ROLLED_UP = ['type', 'calendar_zone', 'time_zone', 'alsace_moselle', 'pupils', 'education_priority'] as const;
type RolledUpAttributes = { [K in (typeof ROLLED_UP)[number]]: unknown };

/**
 * Creates or refreshes establishments from registry rows, keyed on UAI. A row older than the one
 * already imported (`date_maj_ligne`) changes nothing; the rhythm, set by hand, is never touched.
 * Returns how many rows were inserted and updated, and the ids of the establishments already there
 * whose attributes that move rolled-up figures changed (their past days are to be recomputed).
 */
export async function upsertFromRegistry(db: Db, tenantId: string, rows: RegistryRow[]) {
  if (rows.length === 0) return { inserted: 0, updated: 0, moved: [] as string[] };
  const before = new Map(
    (
      await db
        .selectFrom('establishments')
        .select(['id', ...ROLLED_UP])
        .where('tenant_id', '=', tenantId)
        .where(
          'uai',
          'in',
          rows.map((r) => r.uai),
        )
        .execute()
    ).map((r) => [r.id, r]),
  );
  const result = await sql<{ inserted: boolean; id: string } & RolledUpAttributes>`
    INSERT INTO establishments AS e (tenant_id, uai, name, type, calendar_zone, time_zone, alsace_moselle, pupils, public_private,
      nature_code, academie_code, academie, commune_code, departement_code, departement_raw, region_code, education_priority,
      closed, parent_uai, annuaire_updated_on)
    SELECT ${tenantId}, t.uai, t.name, t.type, t.calendar_zone, t.time_zone, t.alsace_moselle, t.pupils, t.public_private,
      t.nature_code, t.academie_code, t.academie, t.commune_code, t.departement_code, t.departement_raw, t.region_code,
      t.education_priority, t.closed, t.parent_uai, t.updated_on
    FROM json_to_recordset(${JSON.stringify(rows.map(toColumns))}::json) AS t(uai text, name text, type text, calendar_zone text,
      time_zone text, alsace_moselle boolean, pupils int, public_private text, nature_code text, academie_code text, academie text,
      commune_code text, departement_code text, departement_raw text, region_code text, education_priority text, closed boolean,
      parent_uai text, updated_on date)
    ORDER BY t.uai
    ON CONFLICT (tenant_id, uai) DO UPDATE SET
      name = EXCLUDED.name, type = EXCLUDED.type, calendar_zone = EXCLUDED.calendar_zone, time_zone = EXCLUDED.time_zone,
      alsace_moselle = EXCLUDED.alsace_moselle, pupils = COALESCE(EXCLUDED.pupils, e.pupils), public_private = EXCLUDED.public_private,
      nature_code = EXCLUDED.nature_code, academie_code = EXCLUDED.academie_code, academie = EXCLUDED.academie,
      commune_code = EXCLUDED.commune_code, departement_code = EXCLUDED.departement_code, departement_raw = EXCLUDED.departement_raw,
      region_code = EXCLUDED.region_code, education_priority = EXCLUDED.education_priority, closed = EXCLUDED.closed,
      parent_uai = EXCLUDED.parent_uai, annuaire_updated_on = EXCLUDED.annuaire_updated_on
    WHERE e.annuaire_updated_on IS NULL OR EXCLUDED.annuaire_updated_on IS NULL OR e.annuaire_updated_on <= EXCLUDED.annuaire_updated_on
    RETURNING (xmax = 0) AS inserted, e.id, e.type, e.calendar_zone, e.time_zone, e.alsace_moselle, e.pupils, e.education_priority`.execute(
    db,
  );
  const inserted = result.rows.filter((r) => r.inserted).length;
  const moved = result.rows.filter((r) => {
    const old = before.get(r.id);
    return old !== undefined && ROLLED_UP.some((k) => old[k] !== r[k]);
  });
  return { inserted, updated: result.rows.length - inserted, moved: moved.map((r) => r.id) };
}

const toColumns = (r: RegistryRow) => ({
  uai: r.uai,
  name: r.name,
  type: r.type,
  calendar_zone: r.calendarZone,
  time_zone: r.timeZone,
  alsace_moselle: r.alsaceMoselle,
  pupils: r.pupils,
  public_private: r.publicPrivate,
  nature_code: r.natureCode,
  academie_code: r.academieCode,
  academie: r.academie,
  commune_code: r.communeCode,
  departement_code: r.departementCode,
  departement_raw: r.departementRaw,
  region_code: r.regionCode,
  education_priority: r.educationPriority,
  closed: r.closed,
  parent_uai: r.parentUai,
  updated_on: r.updatedOn,
});

/** Sets reference attributes an operator controls (rhythm, pupils...); omitted ones are kept. */
export async function updateReference(
  db: Db,
  tenantId: string,
  id: string,
  changes: { rhythm?: string | null; pupils?: number | null; educationPriority?: string | null; alsaceMoselle?: boolean },
) {
  return db
    .updateTable('establishments')
    .set({
      ...(changes.rhythm !== undefined ? { rhythm: changes.rhythm } : {}),
      ...(changes.pupils !== undefined ? { pupils: changes.pupils } : {}),
      ...(changes.educationPriority !== undefined ? { education_priority: changes.educationPriority } : {}),
      ...(changes.alsaceMoselle !== undefined ? { alsace_moselle: changes.alsaceMoselle } : {}),
    })
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function findById(db: Db, tenantId: string, id: string) {
  return db.selectFrom('establishments').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
}

/** UAI of each of the given establishments of the tenant, by id. */
export async function uaisById(db: Db, tenantId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('establishments')
    .select(['id', 'uai'])
    .where('tenant_id', '=', tenantId)
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.uai]));
}
