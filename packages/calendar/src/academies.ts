// Académie -> school-calendar zone, from the published zone lists (shared/reference/
// annuaire-and-calendar.md). Keys are normalised labels (lower case, no accents, no dashes).
const BY_LABEL: Record<string, string> = {
  besancon: 'A',
  bordeaux: 'A',
  'clermont ferrand': 'A',
  dijon: 'A',
  grenoble: 'A',
  limoges: 'A',
  lyon: 'A',
  poitiers: 'A',
  'aix marseille': 'B',
  amiens: 'B',
  caen: 'B',
  lille: 'B',
  'nancy metz': 'B',
  nantes: 'B',
  nice: 'B',
  'orleans tours': 'B',
  reims: 'B',
  rennes: 'B',
  rouen: 'B',
  strasbourg: 'B',
  normandie: 'B',
  creteil: 'C',
  montpellier: 'C',
  paris: 'C',
  toulouse: 'C',
  versailles: 'C',
  corse: 'corse',
  guadeloupe: 'guadeloupe',
  martinique: 'martinique',
  guyane: 'guyane',
  'la reunion': 'reunion',
  reunion: 'reunion',
  mayotte: 'mayotte',
  'nouvelle caledonie': 'nouvelle_caledonie',
  'polynesie francaise': 'polynesie',
  polynesie: 'polynesie',
  'saint pierre et miquelon': 'saint_pierre_et_miquelon',
  'wallis et futuna': 'wallis_et_futuna',
};

// Local law keeps Good Friday and 26 December as public holidays in these three départements.
const ALSACE_MOSELLE = new Set(['57', '67', '68']);

export function normaliseLabel(label: string): string {
  return label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The calendar zone of an académie label ("Créteil" -> "C"), or undefined if unknown. */
export function zoneOfAcademie(label: string): string | undefined {
  return BY_LABEL[normaliseLabel(label)];
}

export function isAlsaceMoselle(departementCode: string): boolean {
  return ALSACE_MOSELLE.has(departementCode);
}
