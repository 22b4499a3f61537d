import type { TenantKinds } from '@vigie/contracts';

/** A collectivité and the establishments it equips (its competence: écoles, collèges or lycées). */
export interface Territory {
  code: string;
  name: string;
  kind: (typeof TenantKinds)[number];
  establishmentType: 'ecole' | 'college' | 'lycee';
  /** Département digits that start its UAIs (3 digits, "974" for La Réunion). */
  departement: string;
  academie: string;
  calendarZone: string;
  timeZone: string;
  towns: readonly string[];
}

export const SEINE_ET_MARNE: Territory = {
  code: 'dep-77',
  name: 'Département de Seine-et-Marne',
  kind: 'departement',
  establishmentType: 'college',
  departement: '077',
  academie: 'Créteil',
  calendarZone: 'C',
  timeZone: 'Europe/Paris',
  towns: [
    'Meaux',
    'Melun',
    'Chelles',
    'Pontault-Combault',
    'Savigny-le-Temple',
    'Champs-sur-Marne',
    'Torcy',
    'Provins',
    'Fontainebleau',
    'Nemours',
    'Lagny-sur-Marne',
    'Coulommiers',
    'Montereau-Fault-Yonne',
    'Dammarie-les-Lys',
  ],
};
export const LA_REUNION: Territory = {
  code: 'dep-974',
  name: 'Département de La Réunion',
  kind: 'departement',
  establishmentType: 'college',
  departement: '974',
  academie: 'La Réunion',
  calendarZone: 'reunion',
  timeZone: 'Indian/Reunion',
  towns: ['Saint-Denis', 'Saint-Paul', 'Saint-Pierre', 'Le Tampon', 'Saint-André', 'Saint-Louis'],
};
export const LYON: Territory = {
  code: 'com-69123',
  name: 'Ville de Lyon',
  kind: 'commune',
  establishmentType: 'ecole',
  departement: '069',
  academie: 'Lyon',
  calendarZone: 'A',
  timeZone: 'Europe/Paris',
  towns: ['Lyon 1er', 'Lyon 3e', 'Lyon 5e', 'Lyon 7e', 'Lyon 8e', 'Lyon 9e'],
};
export const HAUTS_DE_FRANCE: Territory = {
  code: 'reg-32',
  name: 'Région Hauts-de-France',
  kind: 'region',
  establishmentType: 'lycee',
  departement: '059',
  academie: 'Lille',
  calendarZone: 'B',
  timeZone: 'Europe/Paris',
  towns: ['Lille', 'Roubaix', 'Tourcoing', 'Dunkerque', 'Valenciennes', 'Douai', 'Cambrai', 'Maubeuge'],
};

export const DEDICATIONS = [
  'Jean Moulin',
  'Victor Hugo',
  'Jules Ferry',
  'Louise Michel',
  'Pierre Mendès France',
  'Simone Veil',
  'Jean Jaurès',
  'Marie Curie',
  'Albert Camus',
  'Léonard de Vinci',
  'Jacques Prévert',
  'Colette',
  'Les Tilleuls',
  'Lucie Aubrac',
  'Olympe de Gouges',
  'Gérard Philipe',
  'Condorcet',
  'Paul Éluard',
  'Georges Brassens',
  'Jean de La Fontaine',
] as const;

/** Typical devices per establishment and pupils, by type. */
export const ESTABLISHMENT_SIZES = {
  ecole: { devices: 30, pupils: [120, 320] },
  college: { devices: 250, pupils: [350, 850] },
  lycee: { devices: 600, pupils: [700, 1700] },
} as const;
