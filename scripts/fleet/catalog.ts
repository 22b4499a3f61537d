import type { AppCategories, DeviceKind } from '@vigie/contracts';

// What a département's collèges typically own. Dates are plausible, not authoritative: Windows 10
// ends on 2025-10-14, ChromeOS models have an "auto update expiration" (AUE) date, tablets a few
// years of OS updates.

export interface DeviceModel {
  kind: DeviceKind;
  manufacturer: string;
  model: string;
  osName: string;
  osVersions: readonly string[];
  serialPrefix: string;
  acquiredYears: readonly [number, number];
  warrantyYears: number;
  supportEnd: string;
  storageMb: number;
}

export const MODELS: readonly DeviceModel[] = [
  { kind: 'tablet', manufacturer: 'Apple', model: 'iPad (9th generation)', osName: 'iPadOS', osVersions: ['17.7', '18.6', '26.1'], serialPrefix: 'DMP', acquiredYears: [2021, 2023], warrantyYears: 3, supportEnd: '2027-09-30', storageMb: 65_536 },
  { kind: 'tablet', manufacturer: 'Apple', model: 'iPad (10th generation)', osName: 'iPadOS', osVersions: ['18.6', '26.1'], serialPrefix: 'GG7', acquiredYears: [2023, 2025], warrantyYears: 3, supportEnd: '2030-09-30', storageMb: 65_536 },
  { kind: 'tablet', manufacturer: 'Samsung', model: 'Galaxy Tab A8', osName: 'Android', osVersions: ['13', '14'], serialPrefix: 'R9W', acquiredYears: [2022, 2023], warrantyYears: 2, supportEnd: '2026-01-31', storageMb: 32_768 },
  { kind: 'tablet', manufacturer: 'Lenovo', model: 'Tab M10 (3rd Gen)', osName: 'Android', osVersions: ['12', '13'], serialPrefix: 'HA1', acquiredYears: [2020, 2022], warrantyYears: 2, supportEnd: '2025-06-30', storageMb: 32_768 },
  { kind: 'laptop', manufacturer: 'Dell', model: 'Latitude 3540', osName: 'Windows', osVersions: ['11 23H2', '11 24H2'], serialPrefix: 'DL3', acquiredYears: [2023, 2025], warrantyYears: 5, supportEnd: '2030-10-31', storageMb: 256_000 },
  { kind: 'laptop', manufacturer: 'HP', model: 'ProBook 450 G7', osName: 'Windows', osVersions: ['10 22H2'], serialPrefix: '5CD', acquiredYears: [2019, 2021], warrantyYears: 3, supportEnd: '2025-10-14', storageMb: 256_000 },
  { kind: 'laptop', manufacturer: 'Lenovo', model: 'ThinkPad E14 Gen 5', osName: 'Windows', osVersions: ['11 23H2', '11 24H2'], serialPrefix: 'PF4', acquiredYears: [2023, 2025], warrantyYears: 3, supportEnd: '2030-10-31', storageMb: 512_000 },
  { kind: 'desktop', manufacturer: 'Dell', model: 'OptiPlex 3000', osName: 'Windows', osVersions: ['11 23H2', '11 24H2'], serialPrefix: 'DO3', acquiredYears: [2022, 2024], warrantyYears: 5, supportEnd: '2029-10-31', storageMb: 256_000 },
  { kind: 'desktop', manufacturer: 'HP', model: 'ProDesk 400 G6', osName: 'Windows', osVersions: ['10 22H2'], serialPrefix: 'CZC', acquiredYears: [2017, 2020], warrantyYears: 3, supportEnd: '2025-10-14', storageMb: 256_000 },
  { kind: 'desktop', manufacturer: 'Lenovo', model: 'ThinkCentre M70q Gen 4', osName: 'Windows', osVersions: ['11 24H2'], serialPrefix: 'MJ0', acquiredYears: [2024, 2025], warrantyYears: 5, supportEnd: '2031-10-31', storageMb: 512_000 },
  { kind: 'chromebook', manufacturer: 'Acer', model: 'Chromebook 511 (C734)', osName: 'ChromeOS', osVersions: ['140', '142'], serialPrefix: 'NXA', acquiredYears: [2023, 2024], warrantyYears: 3, supportEnd: '2033-06-30', storageMb: 32_768 },
  { kind: 'chromebook', manufacturer: 'Lenovo', model: '300e Chromebook Gen 3', osName: 'ChromeOS', osVersions: ['138', '140'], serialPrefix: 'LR0', acquiredYears: [2021, 2022], warrantyYears: 3, supportEnd: '2029-06-01', storageMb: 32_768 },
  { kind: 'chromebook', manufacturer: 'HP', model: 'Chromebook 11 G8 EE', osName: 'ChromeOS', osVersions: ['126'], serialPrefix: '5CG', acquiredYears: [2020, 2021], warrantyYears: 3, supportEnd: '2026-06-01', storageMb: 32_768 },
];

export function modelsOf(kind: DeviceKind): DeviceModel[] {
  return MODELS.filter((m) => m.kind === kind);
}

export interface App {
  id: string;
  name: string;
  category: (typeof AppCategories)[number];
  weight: number;
}

export const APPS: readonly App[] = [
  { id: 'org.geogebra.classic', name: 'GeoGebra', category: 'educational', weight: 8 },
  { id: 'edu.mit.scratch', name: 'Scratch', category: 'educational', weight: 6 },
  { id: 'fr.lumni.app', name: 'Lumni', category: 'educational', weight: 5 },
  { id: 'fr.pix.app', name: 'Pix', category: 'educational', weight: 6 },
  { id: 'com.labomep.app', name: 'LaboMEP', category: 'educational', weight: 4 },
  { id: 'fr.education.edutheque', name: 'Éduthèque', category: 'educational', weight: 3 },
  { id: 'com.kahoot.app', name: 'Kahoot!', category: 'educational', weight: 4 },
  { id: 'fr.ent77.moncollege', name: 'ENT MonCollège', category: 'ent', weight: 12 },
  { id: 'com.index-education.pronote', name: 'Pronote', category: 'ent', weight: 8 },
  { id: 'org.libreoffice.writer', name: 'LibreOffice Writer', category: 'office', weight: 7 },
  { id: 'org.libreoffice.impress', name: 'LibreOffice Impress', category: 'office', weight: 4 },
  { id: 'com.microsoft.office.word', name: 'Microsoft Word', category: 'office', weight: 4 },
  { id: 'com.google.chrome', name: 'Google Chrome', category: 'browser', weight: 9 },
  { id: 'org.mozilla.firefox', name: 'Firefox', category: 'browser', weight: 7 },
  { id: 'com.apple.camera', name: 'Appareil photo', category: 'other', weight: 3 },
  { id: 'org.videolan.vlc', name: 'VLC', category: 'other', weight: 2 },
];

// Towns of Seine-et-Marne (77, académie de Créteil, zone C) and usual collège dedications.
export const TOWNS = [
  'Meaux', 'Melun', 'Chelles', 'Pontault-Combault', 'Savigny-le-Temple', 'Champs-sur-Marne', 'Torcy', 'Provins',
  'Fontainebleau', 'Nemours', 'Lagny-sur-Marne', 'Coulommiers', 'Montereau-Fault-Yonne', 'Dammarie-les-Lys',
  'Villeparisis', 'Roissy-en-Brie', 'Combs-la-Ville', 'Ozoir-la-Ferrière', 'Bussy-Saint-Georges', 'Serris',
] as const;

export const DEDICATIONS = [
  'Jean Moulin', 'Victor Hugo', 'Jules Ferry', 'Louise Michel', 'Pierre Mendès France', 'Simone Veil', 'Jean Jaurès',
  'Marie Curie', 'Albert Camus', 'Léonard de Vinci', 'Jacques Prévert', 'Colette', 'Les Tilleuls', 'Lucie Aubrac',
  'Olympe de Gouges', 'Gérard Philipe', 'Condorcet', 'Paul Éluard', 'Georges Brassens', 'Jean de La Fontaine',
] as const;
