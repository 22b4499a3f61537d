import { describe, expect, it } from 'vitest';
import { looksPersonal, NEUTRAL_NAME, neutralName } from './device-name.ts';

describe('device names that look personal', () => {
  it.each([
    'iPad de Sophie',
    "PC d'Inès",
    'TAB-Marc LAMBERT',
    'Tablette de Marc LAMBERT',
    'marc.lambert@clg-jferry.fr',
    "Sophie's iPad",
    'MARIE-PC',
  ])('masks %s', (name) => expect(neutralName(name)).toBe(NEUTRAL_NAME));

  it.each(['COL-JFERRY-CHR-002', 'CJF-S104-PC01', 'LYC-VHUGO-TAB-001', 'CJF-SDP-PROF01', 'CET', 'Salle 104 poste 3', 'CJF-CDI-PC01'])(
    'keeps %s',
    (name) => {
      expect(looksPersonal(name)).toBe(false);
      expect(neutralName(name)).toBe(name);
    },
  );
});
