import { sql } from 'kysely';
import type { Db } from './db.ts';

/** The bi views exported over REST: their date column for ranges, and whether rows are per device. */
export const BiViews = {
  device_daily_v1: { date: 'day', perDevice: true, order: 'day, uai, device_id' },
  establishment_daily_v1: { date: 'day', perDevice: false, order: 'day, uai, dimension, value' },
  establishment_monthly_v1: { date: 'month', perDevice: false, order: 'month, uai, dimension, value' },
  cart_utilisation_v1: { date: 'day', perDevice: false, order: 'day, uai, cart' },
  obsolescence_v1: { date: 'applies_from', perDevice: true, order: 'applies_from, uai, device_id, reason' },
  renewal_forecast_v1: { date: 'first_date', perDevice: true, order: 'first_date, uai, device_id' },
  comparisons_v1: { date: 'month', perDevice: false, order: 'month, type, rank, uai' },
  tenant_daily_v1: { date: 'day', perDevice: false, order: 'day, dimension, value' },
  device_daily_v2: { date: 'day', perDevice: true, order: 'day, uai, device_id' },
  establishment_daily_v2: { date: 'day', perDevice: false, order: 'day, uai, dimension, value' },
  establishment_monthly_v2: { date: 'month', perDevice: false, order: 'month, uai, dimension, value' },
  comparisons_v2: { date: 'month', perDevice: false, order: 'month, type, rank, uai' },
  tenant_daily_v2: { date: 'day', perDevice: false, order: 'day, dimension, value' },
} as const;
export type BiView = keyof typeof BiViews;

/**
 * Rows of one bi view for a tenant, as BI tools see them. The application's role is not subject to
 * the views' row-level security, so the tenant filter here is what scopes the export.
 */
export async function rows(
  db: Db,
  tenantId: string,
  view: BiView,
  range: { from: string; to: string },
  uais: string[] | null,
  limit: number,
) {
  const v = BiViews[view];
  const scope = uais ? sql`AND uai = ANY(${uais}::text[])` : sql``;
  const r = await sql<Record<string, unknown>>`
    SELECT * FROM ${sql.table(`bi.${view}`)}
    WHERE tenant_id = ${tenantId} AND ${sql.ref(v.date)} BETWEEN ${range.from}::date AND ${range.to}::date ${scope}
    ORDER BY ${sql.raw(v.order)} LIMIT ${limit}`.execute(db);
  return r.rows.map(({ tenant_id: _t, ...row }) => row);
}
