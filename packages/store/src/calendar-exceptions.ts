import { sql, type Selectable } from 'kysely';
import type { Db, Trx } from './db.ts';
import type { CalendarExceptionsTable } from './reference-tables.ts';

export const ExceptionKinds = ['holiday', 'closure', 'bridge', 'exams', 'classes'] as const;
export type ExceptionKind = (typeof ExceptionKinds)[number];

/** start_date is inclusive, end_date exclusive. */
export type CalendarExceptionRow = Omit<Selectable<CalendarExceptionsTable>, 'tenant_id' | 'created_at' | 'kind'> & { kind: ExceptionKind };

const COLUMNS = sql.raw('id, zone, establishment_id, kind, start_date::text, end_date::text, description');

export async function create(db: Db | Trx, tenantId: string, x: Omit<CalendarExceptionRow, 'id'>): Promise<CalendarExceptionRow> {
  const r = await sql<CalendarExceptionRow>`
    INSERT INTO calendar_exceptions (tenant_id, zone, establishment_id, kind, start_date, end_date, description)
    VALUES (${tenantId}, ${x.zone}, ${x.establishment_id}, ${x.kind}, ${x.start_date}::date, ${x.end_date}::date, ${x.description})
    RETURNING ${COLUMNS}`.execute(db);
  return r.rows[0]!;
}

/** The tenant's exceptions, by start date; narrowed to a zone's corrections or an establishment's exceptions. */
export async function list(db: Db | Trx, tenantId: string, filter: { zone?: string; establishmentId?: string } = {}): Promise<CalendarExceptionRow[]> {
  const r = await sql<CalendarExceptionRow>`
    SELECT ${COLUMNS} FROM calendar_exceptions WHERE tenant_id = ${tenantId}
      ${filter.zone ? sql`AND zone = ${filter.zone}` : sql``}
      ${filter.establishmentId ? sql`AND establishment_id = ${filter.establishmentId}` : sql``}
    ORDER BY start_date, id`.execute(db);
  return r.rows;
}

/** Deletes one exception; returns it (what it covered must be recomputed), or undefined. */
export async function remove(db: Db | Trx, tenantId: string, id: string): Promise<CalendarExceptionRow | undefined> {
  const r = await sql<CalendarExceptionRow>`DELETE FROM calendar_exceptions WHERE tenant_id = ${tenantId} AND id = ${id} RETURNING ${COLUMNS}`.execute(db);
  return r.rows[0];
}

/** What differs for one establishment: its own exceptions first (they win), then its zone's corrections. */
export async function forEstablishment(db: Db | Trx, tenantId: string, establishmentId: string, zone: string) {
  const r = await sql<{ start: string; end: string; classes: boolean }>`
    SELECT start_date::text AS start, end_date::text AS "end", kind = 'classes' AS classes FROM calendar_exceptions
    WHERE tenant_id = ${tenantId} AND (establishment_id = ${establishmentId} OR zone = ${zone})
    ORDER BY establishment_id IS NULL, start_date`.execute(db);
  return r.rows;
}
