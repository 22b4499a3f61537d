import { inPerimeter, parseAnnuaireCsv, parseAnnuaireJson, type AnnuaireImport } from '@vigie/calendar';
import { isValidUai } from '@vigie/contracts';
import { establishments, type Db } from '@vigie/store';

export interface AnnuaireImportOptions {
  text: string;
  format: 'csv' | 'json';
  /** Keep only the establishments the tenant pays for (needs the tenant's territory code). */
  perimeter: { kind: string; territoryCode: string } | null;
}

/**
 * Imports an export of fr-en-annuaire-education into a tenant's establishments. Every row not
 * imported is counted with its reason; nothing is deleted (closed establishments are flagged).
 */
export async function importAnnuaire(db: Db, tenantId: string, options: AnnuaireImportOptions) {
  const parsed: AnnuaireImport = options.format === 'json' ? parseAnnuaireJson(JSON.parse(options.text)) : parseAnnuaireCsv(options.text);
  const rejected = [...parsed.rejected];
  const kept = parsed.records.filter((r) => {
    if (!isValidUai(r.uai)) rejected.push({ row: -1, reason: `${r.uai}: check letter does not match` });
    else if (!r.calendarZone) rejected.push({ row: -1, reason: `${r.uai}: unknown académie "${r.academie ?? ''}", no calendar zone` });
    else return true;
    return false;
  });
  const inScope = options.perimeter ? kept.filter((r) => inPerimeter(r, options.perimeter!)) : kept;
  const written = await establishments.upsertFromRegistry(db, tenantId, inScope.map((r) => ({ ...r, calendarZone: r.calendarZone! })));
  return {
    read: parsed.records.length + parsed.rejected.length + parsed.extraSites.length,
    ...written,
    outOfPerimeter: kept.length - inScope.length,
    extraSites: parsed.extraSites.length,
    rejected,
  };
}
