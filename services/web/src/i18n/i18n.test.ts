import { describe, expect, it } from 'vitest';
import { en, fr } from './catalogue.ts';
import { initialLocale, translate } from './i18n.ts';

const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

describe('message catalogue', () => {
  it('has the same keys in English as in French, none empty', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(fr).sort());
    for (const [key, text] of [...Object.entries(fr), ...Object.entries(en)]) expect(text, key).not.toBe('');
  });

  it('keeps a plural message to two forms in both languages', () => {
    for (const [key, text] of Object.entries(fr)) {
      const forms = text.split('|').length;
      expect(forms, key).toBeLessThanOrEqual(2);
      expect(en[key as keyof typeof fr].split('|').length, key).toBe(forms);
    }
  });
});

describe('translate', () => {
  it('fills values in and writes numbers the French way', () => {
    expect(plain(translate('fr', 'unit.devices', { count: 1234 }))).toBe('1 234 appareils');
    expect(translate('en', 'unit.devices', { count: 1234 })).toBe('1,234 devices');
  });

  it('uses the French singular for 0 and 1, the English plural for 0', () => {
    expect(translate('fr', 'unit.devices', { count: 0 })).toBe('0 appareil');
    expect(translate('fr', 'unit.devices', { count: 1 })).toBe('1 appareil');
    expect(translate('en', 'unit.devices', { count: 0 })).toBe('0 devices');
  });

  it('leaves a placeholder without a value visible rather than inventing one', () => {
    expect(translate('fr', 'app.signedInAs')).toBe('Connecté : {name}');
  });
});

describe('initial locale', () => {
  it('is French unless chosen otherwise or the browser asks for English only', () => {
    expect(initialLocale(null, ['fr-FR', 'en'])).toBe('fr');
    expect(initialLocale(null, [])).toBe('fr');
    expect(initialLocale(null, ['en-US'])).toBe('en');
    expect(initialLocale(null, ['en-US', 'fr'])).toBe('fr');
    expect(initialLocale('fr', ['en-US'])).toBe('fr');
  });
});
