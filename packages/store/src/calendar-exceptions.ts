import { sql, type Selectable } from 'kysely';
import type { Db, Trx } from './db.ts';
import type { CalendarExceptionsTable } from './reference-tables.ts';

export const ExceptionKinds = ['holiday', 'closure', 'bridge', 'exams', 'classes'] as const;
export type ExceptionKind = (typeof ExceptionKinds)[number];

/** start_date is inclusive, end_date exclusive. */
export type CalendarExceptionRow = Omit<Selectable<CalendarExceptionsTable>, 'tenant_id' | 'created_at' | 'kind'> & { kind: ExceptionKind };

const COLUMNS = ['id', 'zone', 'establishment_id', 'kind', 'start_date', 'end_date', 'description'] as const;

// The column is text: the kinds are checked by the API's schema (and a CHECK), not by the type.
const asRow = (row: Omit<CalendarExceptionRow, 'kind'> & { kind: string }) => row as CalendarExceptionRow;

export async function create(db: Db | Trx, tenantId: string, x: Omit<CalendarExceptionRow, 'id'>): Promise<CalendarExceptionRow> {
  const row = await db
    .insertInto('calendar_exceptions')
    .values({
      tenant_id: tenantId,
      zone: x.zone,
      establishment_id: x.establishment_id,
      kind: x.kind,
      start_date: x.start_date,
      end_date: x.end_date,
      description: x.description,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return asRow(row);
}

/** The tenant's exceptions, by start date; narrowed to a zone's corrections or an establishment's exceptions. */
export async function list(
  db: Db | Trx,
  tenantId: string,
  filter: { zone?: string; establishmentId?: string } = {},
): Promise<CalendarExceptionRow[]> {
  const rows = await db
    .selectFrom('calendar_exceptions')
    .select(COLUMNS)
    .where('tenant_id', '=', tenantId)
    .$if(Boolean(filter.zone), (q) => q.where('zone', '=', filter.zone!))
    .$if(Boolean(filter.establishmentId), (q) => q.where('establishment_id', '=', filter.establishmentId!))
    .orderBy('start_date')
    .orderBy('id')
    .execute();
  return rows.map(asRow);
}

/** Deletes one exception; returns it (what it covered must be recomputed), or undefined. */
export async function remove(db: Db | Trx, tenantId: string, id: string): Promise<CalendarExceptionRow | undefined> {
  const row = await db
    .deleteFrom('calendar_exceptions')
    .where('tenant_id', '=', tenantId)
    .where('id', '=', id)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && asRow(row);
}

/** What differs for one establishment: its own exceptions first (they win), then its zone's corrections. */
export async function forEstablishment(db: Db | Trx, tenantId: string, establishmentId: string, zone: string) {
  // Raw: the order puts the establishment's own rows first (establishment_id IS NULL sorts them last).
  const r = await sql<{ start: string; end: string; classes: boolean }>`
    SELECT start_date::text AS start, end_date::text AS "end", kind = 'classes' AS classes FROM calendar_exceptions
    WHERE tenant_id = ${tenantId} AND (establishment_id = ${establishmentId} OR zone = ${zone})
    ORDER BY establishment_id IS NULL, start_date`.execute(db);
  return r.rows;
}
