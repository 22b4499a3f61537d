import type { AppCategories } from '@vigie/contracts';

export interface App {
  id: string;
  name: string;
  category: (typeof AppCategories)[number];
  weight: number;
}

/** Apps pupils and teachers open in class: ENT, office, browser and educational apps. */
export const APPS: readonly App[] = [
  { id: 'org.geogebra.classic', name: 'GeoGebra', category: 'educational', weight: 8 },
  { id: 'edu.mit.scratch', name: 'Scratch', category: 'educational', weight: 6 },
  { id: 'fr.lumni.app', name: 'Lumni', category: 'educational', weight: 5 },
  { id: 'fr.pix.app', name: 'Pix', category: 'educational', weight: 6 },
  { id: 'com.labomep.app', name: 'LaboMEP', category: 'educational', weight: 4 },
  { id: 'fr.education.edutheque', name: 'Éduthèque', category: 'educational', weight: 3 },
  { id: 'com.kahoot.app', name: 'Kahoot!', category: 'educational', weight: 4 },
  { id: 'fr.lalilo.app', name: 'Lalilo', category: 'educational', weight: 4 },
  { id: 'fr.ent.monlycee', name: 'ENT monlycée.net', category: 'ent', weight: 8 },
  { id: 'fr.ent77.moncollege', name: 'ENT MonCollège', category: 'ent', weight: 8 },
  { id: 'com.index-education.pronote', name: 'Pronote', category: 'ent', weight: 8 },
  { id: 'org.libreoffice.writer', name: 'LibreOffice Writer', category: 'office', weight: 7 },
  { id: 'org.libreoffice.impress', name: 'LibreOffice Impress', category: 'office', weight: 4 },
  { id: 'com.microsoft.office.word', name: 'Microsoft Word', category: 'office', weight: 4 },
  { id: 'com.google.chrome', name: 'Google Chrome', category: 'browser', weight: 9 },
  { id: 'org.mozilla.firefox', name: 'Firefox', category: 'browser', weight: 7 },
  { id: 'com.apple.camera', name: 'Appareil photo', category: 'other', weight: 3 },
  { id: 'org.videolan.vlc', name: 'VLC', category: 'other', weight: 2 },
];
