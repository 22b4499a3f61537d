import { en, fr, type MessageKey } from './catalogue.ts';

export type Locale = 'fr' | 'en';
export const Locales: readonly Locale[] = ['fr', 'en'];
const catalogues: Record<Locale, Record<MessageKey, string>> = { fr, en };
/** The Intl locale each interface language formats numbers and dates with. */
export const intlLocale: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };

export type Vars = Record<string, string | number>;

/**
 * The message for `key` in `locale`, with {name} replaced by vars.name. A message "one|many" picks
 * its form from vars.count with the locale's plural rules (French: 0 and 1 are singular); numbers
 * are formatted the locale's way ("1 234").
 */
export function translate(locale: Locale, key: MessageKey, vars: Vars = {}): string {
  // A key the catalogue lacks (a value a newer API added) shows as itself rather than breaking the page.
  let message = catalogues[locale][key] ?? fr[key] ?? key;
  const forms = message.split('|');
  if (forms.length === 2 && typeof vars.count === 'number') {
    const one = new Intl.PluralRules(intlLocale[locale]).select(vars.count) === 'one';
    message = one ? forms[0]! : forms[1]!;
  }
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? new Intl.NumberFormat(intlLocale[locale]).format(value) : value;
  });
}

/** The locale a visitor starts with: the one they chose before, else French unless the browser asks for English only. */
export function initialLocale(saved: string | null, browserLanguages: readonly string[]): Locale {
  if (saved === 'fr' || saved === 'en') return saved;
  const first = browserLanguages[0]?.toLowerCase() ?? 'fr';
  return first.startsWith('en') && !browserLanguages.some((l) => l.toLowerCase().startsWith('fr')) ? 'en' : 'fr';
}
