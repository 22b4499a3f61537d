import { isAlsaceMoselle, normaliseLabel, zoneOfAcademie } from './academies.ts';
import { parseCsvRows } from './csv-rows.ts';
import { ZONE_TIME_ZONES } from './holiday-periods.ts';

/** One establishment of the Annuaire de l'éducation, normalised (codes stay strings). */
export interface AnnuaireRecord {
  uai: string;
  name: string;
  type: 'ecole' | 'college' | 'lycee' | 'lycee_professionnel' | 'erea' | 'other';
  publicPrivate: string | null;
  natureCode: string | null;
  communeCode: string | null;
  departementCode: string | null;
  departementRaw: string | null;
  academieCode: string | null;
  academie: string | null;
  regionCode: string | null;
  educationPriority: 'REP' | 'REP+' | null;
  pupils: number | null;
  closed: boolean;
  parentUai: string | null;
  updatedOn: string | null;
  calendarZone: string | null;
  timeZone: string;
  alsaceMoselle: boolean;
  canteen: boolean;
}

export interface AnnuaireImport {
  records: AnnuaireRecord[];
  /** Rows that could not be read, with the reason (line numbers count the header as 1). */
  rejected: { row: number; reason: string }[];
  /** Extra rows of a UAI already read (multi-site establishments): the first row is kept. */
  extraSites: { uai: string; name: string }[];
}

type Raw = Record<string, unknown>;

// Field names differ between exports (label headers, v2.1 names, older names): compare normalised.
const key = (name: string) => normaliseLabel(name).replace(/ /g, '_');
const ALIASES: Record<string, string> = {
  etablissement_multi_lignes: 'multi_uai',
  appartenance_education_prioritaire: 'appartenance_education_prioritaire',
};

function text(raw: Raw, name: string): string | null {
  const v = raw[name];
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  return s === '' ? null : s;
}

/** "1"/1/true -> true; "0"/0/null/"" -> false (the annuaire mixes all of them). */
export function parseFlag(value: unknown): boolean {
  return value === 1 || value === true || (typeof value === 'string' && ['1', 'oui', 'true'].includes(value.trim().toLowerCase()));
}

/** "077" -> "77", "02A" -> "2A", "1" -> "01", "974" stays: the INSEE form. */
export function inseeDepartement(raw: string): string {
  const upper = raw.trim().toUpperCase();
  if (upper.length === 3 && upper.startsWith('0')) return upper.slice(1);
  return upper.length === 1 ? `0${upper}` : upper;
}

function isoDate(value: string | null): string | null {
  if (!value) return null;
  const fr = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value);
  if (fr) return `${fr[3]}-${fr[2]}-${fr[1]}`;
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}

function typeOf(type: string | null, nature: string | null): AnnuaireRecord['type'] {
  const t = normaliseLabel(type ?? '');
  if (t === 'ecole') return 'ecole';
  if (t === 'college') return 'college';
  if (t === 'lycee') return normaliseLabel(nature ?? '').includes('professionnel') ? 'lycee_professionnel' : 'lycee';
  if (t === 'erea') return 'erea';
  return 'other';
}

function toRecord(raw: Raw): AnnuaireRecord | string {
  const uai = text(raw, 'identifiant_de_l_etablissement')?.toUpperCase();
  if (!uai || !/^\d{7}[A-Z]$/.test(uai)) return `identifiant_de_l_etablissement "${uai ?? ''}" is not a UAI`;
  const name = text(raw, 'nom_etablissement');
  if (!name) return 'nom_etablissement is empty';
  const departementRaw = text(raw, 'code_departement');
  const departementCode = departementRaw ? inseeDepartement(departementRaw) : null;
  const academie = text(raw, 'libelle_academie');
  const calendarZone = academie ? (zoneOfAcademie(academie) ?? null) : null;
  const priority = text(raw, 'appartenance_education_prioritaire')?.toUpperCase().replace(/\s/g, '');
  const pupils = Number(text(raw, 'nombre_d_eleves'));
  const etat = text(raw, 'etat')?.toUpperCase();
  return {
    uai,
    name,
    type: typeOf(text(raw, 'type_etablissement'), text(raw, 'libelle_nature')),
    publicPrivate: text(raw, 'statut_public_prive'),
    natureCode: text(raw, 'code_nature'),
    communeCode: text(raw, 'code_commune'),
    departementCode,
    departementRaw,
    academieCode: text(raw, 'code_academie'),
    academie,
    regionCode: text(raw, 'code_region'),
    educationPriority: priority === 'REP' || priority === 'REP+' ? priority : null,
    pupils: text(raw, 'nombre_d_eleves') !== null && Number.isInteger(pupils) && pupils >= 0 ? pupils : null,
    closed: etat !== undefined && etat !== 'OUVERT',
    parentUai: text(raw, 'etablissement_mere'),
    updatedOn: isoDate(text(raw, 'date_maj_ligne')),
    calendarZone,
    timeZone: (calendarZone && ZONE_TIME_ZONES[calendarZone]) ?? 'Europe/Paris',
    alsaceMoselle: departementCode ? isAlsaceMoselle(departementCode) : false,
    canteen: parseFlag(raw.restauration),
  };
}

function normaliseKeys(raw: Raw): Raw {
  const out: Raw = {};
  for (const [k, v] of Object.entries(raw)) {
    const name = key(k);
    out[ALIASES[name] ?? name] = v;
  }
  return out;
}

function collect(rows: Raw[], firstRow: number): AnnuaireImport {
  const result: AnnuaireImport = { records: [], rejected: [], extraSites: [] };
  const seen = new Set<string>();
  rows.forEach((raw, i) => {
    const record = toRecord(normaliseKeys(raw));
    if (typeof record === 'string') result.rejected.push({ row: i + firstRow, reason: record });
    else if (seen.has(record.uai)) result.extraSites.push({ uai: record.uai, name: record.name });
    else {
      seen.add(record.uai);
      result.records.push(record);
    }
  });
  return result;
}

/** Reads a CSV export (`;`, label or field-name headers, with or without BOM). */
export function parseAnnuaireCsv(csv: string): AnnuaireImport {
  const [header, ...rows] = parseCsvRows(csv);
  if (!header) return { records: [], rejected: [], extraSites: [] };
  return collect(
    rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? null]))),
    2,
  );
}

/** Reads a JSON export: an array of flat records (or the legacy `{records: [{fields}]}`). */
export function parseAnnuaireJson(value: unknown): AnnuaireImport {
  const legacy = (value as { records?: { fields?: Raw }[] } | null)?.records;
  const rows = Array.isArray(value) ? (value as Raw[]) : Array.isArray(legacy) ? legacy.map((r) => r.fields ?? {}) : [];
  return collect(rows, 0);
}

/** Whether a collectivité pays for this establishment: écoles -> commune, collèges -> département, lycées -> région. */
export function inPerimeter(
  record: Pick<AnnuaireRecord, 'type' | 'communeCode' | 'departementCode' | 'regionCode'>,
  tenant: { kind: string; territoryCode: string },
): boolean {
  switch (tenant.kind) {
    case 'commune':
      return record.type === 'ecole' && record.communeCode === tenant.territoryCode;
    case 'departement':
      return record.type === 'college' && record.departementCode === inseeDepartement(tenant.territoryCode);
    case 'region':
      return (
        (record.type === 'lycee' || record.type === 'lycee_professionnel' || record.type === 'erea') &&
        record.regionCode === tenant.territoryCode
      );
    default:
      return true;
  }
}
