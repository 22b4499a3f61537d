import { inPerimeter, parseAnnuaireCsv, parseAnnuaireJson, type AnnuaireImport } from '@vigie/calendar';
import { isValidUai } from '@vigie/contracts';
import { establishments, type Db } from '@vigie/store';

export interface AnnuaireImportOptions {
  text: string;
  format: 'csv' | 'json';
  /** Keep only the establishments the tenant pays for (needs the tenant's territory code). */
  perimeter: { kind: string; territoryCode: string } | null;
}

// The national export holds about 65,000 establishments: written in groups so a progress bar moves,
// in UAI order so two imports lock rows in the same order. A group is one statement; an interrupted
// import leaves the groups before it written, and running it again finishes it (the upsert is idempotent).
const GROUP = 2_000;

/**
 * Imports an export of fr-en-annuaire-education into a tenant's establishments. Every row not
 * imported is counted with its reason; nothing is deleted (closed establishments are flagged).
 * The caller recomputes the past days of the establishments it `moved`.
 * `onProgress` hears the rows written so far after each group.
 */
export async function importAnnuaire(
  db: Db,
  tenantId: string,
  options: AnnuaireImportOptions,
  onProgress?: (written: number, total: number) => void,
) {
  const parsed: AnnuaireImport = options.format === 'json' ? parseAnnuaireJson(JSON.parse(options.text)) : parseAnnuaireCsv(options.text);
  const rejected = [...parsed.rejected];
  const kept = parsed.records.filter((r) => {
    if (!isValidUai(r.uai)) rejected.push({ row: -1, reason: `${r.uai}: check letter does not match` });
    else if (!r.calendarZone) rejected.push({ row: -1, reason: `${r.uai}: unknown académie "${r.academie ?? ''}", no calendar zone` });
    else return true;
    return false;
  });
  const inScope = options.perimeter ? kept.filter((r) => inPerimeter(r, options.perimeter!)) : kept;
  const rows = inScope.map((r) => ({ ...r, calendarZone: r.calendarZone! })).sort((x, y) => (x.uai < y.uai ? -1 : x.uai > y.uai ? 1 : 0));
  const written = { inserted: 0, updated: 0 };
  const moved: string[] = [];
  onProgress?.(0, rows.length);
  for (let i = 0; i < rows.length; i += GROUP) {
    const group = await establishments.upsertFromRegistry(db, tenantId, rows.slice(i, i + GROUP));
    written.inserted += group.inserted;
    written.updated += group.updated;
    moved.push(...group.moved);
    onProgress?.(Math.min(i + GROUP, rows.length), rows.length);
  }
  return {
    read: parsed.records.length + parsed.rejected.length + parsed.extraSites.length,
    ...written,
    outOfPerimeter: kept.length - inScope.length,
    extraSites: parsed.extraSites.length,
    rejected,
    /** Establishments already there whose school days, time zone, pupils or priority changed. */
    moved,
  };
}
