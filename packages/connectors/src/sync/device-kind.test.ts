import { describe, expect, it } from 'vitest';
import { kindOf, kindOverrides } from './device-kind.ts';

describe('device kind from the model catalogue', () => {
  it.each([
    ['Windows', 'HP Compaq Elite 8300 SFF', 'desktop'],
    ['Windows', 'HP EliteDesk 800 G4 DM', 'desktop'],
    ['Windows', 'ThinkCentre M70q', 'desktop'],
    ['Windows', 'OptiPlex 3050', 'desktop'],
    ['Windows', 'Latitude 3190', 'laptop'],
    ['Windows', 'Latitude 5440', 'laptop'],
    ['ChromeOS', 'ASUS Chromebox 4', 'desktop'],
    ['ChromeOS', 'Lenovo 300e Chromebook', 'chromebook'],
    ['macOS', 'Mac mini (M2, 2023)', 'desktop'],
    ['macOS', 'MacBook Air (M1, 2020)', 'laptop'],
  ])('%s %s is a %s', (os, model, kind) => expect(kindOf(os, model)).toBe(kind));

  it('lets a source override the catalogue by model pattern', () => {
    const override = kindOverrides('Elite 8300*=laptop; Precision*=desktop');
    expect(override('HP Compaq Elite 8300 SFF')).toBe('laptop');
    expect(override('Precision 3660')).toBe('desktop');
    expect(override('Latitude 3190')).toBeUndefined();
  });
});
