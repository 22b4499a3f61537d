import { sql } from 'kysely';
import type { Db } from './db.ts';

export interface ReviewItem {
  device_id: string;
  reason: 'reenrolled' | 'conflicting_kind' | 'placeholder_serial';
  detail: string[];
}

/**
 * Devices a person should look at: one source holding several ids for one device (re-enrolled, the
 * stale record linked), sources disagreeing on the kind, and inventoried devices without a usable
 * serial (placeholders never merge, so a duplicate there cannot be caught automatically).
 */
export async function listDuplicates(db: Db, tenantId: string, limit: number): Promise<ReviewItem[]> {
  const rows = await sql<ReviewItem>`
    SELECT * FROM (
      SELECT ds.device_id, 'reenrolled' AS reason,
        array_agg(s.name || ': ' || ds.external_id ORDER BY ds.first_seen, ds.external_id) AS detail
      FROM device_sources ds JOIN sources s ON s.tenant_id = ds.tenant_id AND s.id = ds.source_id
      WHERE ds.tenant_id = ${tenantId}
      GROUP BY ds.device_id, ds.source_id HAVING count(*) > 1
      UNION ALL
      SELECT a.device_id, 'conflicting_kind', array_agg(s.name || ': ' || a.value ORDER BY s.name)
      FROM device_attributes a JOIN sources s ON s.tenant_id = a.tenant_id AND s.id = a.source_id
      WHERE a.tenant_id = ${tenantId} AND a.attribute = 'kind'
      GROUP BY a.device_id HAVING count(DISTINCT a.value) > 1
      UNION ALL
      SELECT d.id, 'placeholder_serial',
        COALESCE(array_agg(s.name || ': "' || a.value || '"' ORDER BY s.name) FILTER (WHERE a.value IS NOT NULL), ARRAY[]::text[])
      FROM devices d
      LEFT JOIN device_attributes a ON a.tenant_id = d.tenant_id AND a.device_id = d.id AND a.attribute = 'serial'
      LEFT JOIN sources s ON s.tenant_id = a.tenant_id AND s.id = a.source_id
      WHERE d.tenant_id = ${tenantId} AND d.serial_key IS NULL AND NOT d.provisional
      GROUP BY d.id
    ) review
    ORDER BY reason, device_id
    LIMIT ${limit}`.execute(db);
  return rows.rows;
}
