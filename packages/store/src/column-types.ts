import type { ColumnType } from 'kysely';

// Column shapes shared by the table interfaces, as pg returns them (db.ts keeps dates as
// 'YYYY-MM-DD' strings and turns bigints into numbers; numeric stays a string, exact).

/** timestamptz: read as a Date, written as a Date or an ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** A creation time the database sets once and nobody updates. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;

/** jsonb: read parsed, written as JSON text (the column's default when omitted). */
export type Json<T> = ColumnType<T, string | undefined, string>;
