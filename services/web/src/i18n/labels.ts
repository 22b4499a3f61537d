import { fr, type MessageKey } from './catalogue.ts';

/** The label of a vocabulary value ("kind" + "tablet" → "Tablettes"), or the value itself if the catalogue lacks it. */
export function labelOf(t: (key: MessageKey) => string, family: string, value: string): string {
  const key = `${family}.${value}`;
  return key in fr ? t(key as MessageKey) : value;
}
