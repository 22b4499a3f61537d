import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MessageKey } from './catalogue.ts';
import { initialLocale, intlLocale, translate, type Locale, type Vars } from './i18n.ts';
import { formatters, type Formatters } from '../format/format.ts';

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  f: Formatters;
}

const I18nContext = createContext<I18n | null>(null);
// The language choice is a preference, not a secret: it may live in localStorage.
const STORAGE_KEY = 'vigie.locale';

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => initialLocale(localStorage.getItem(STORAGE_KEY), navigator.languages ?? []));
  // The page's language decides how Chromium renders <input type="time"> and dates (24-hour in
  // French) and how a screen reader pronounces the text, so it follows the locale from the start.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({
      locale,
      setLocale: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        setLocaleState(next);
      },
      t: (key, vars) => translate(locale, key, vars),
      f: formatters(intlLocale[locale]),
    }),
    [locale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language's messages (t) and formatters (f). */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
