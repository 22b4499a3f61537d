import type { MessageKey } from '../../i18n/catalogue.ts';

/** The catalogue key naming a source kind, shared by the list and the form. */
export const sourceKindKey = (kind: string) => `sources.kind.${kind}` as MessageKey;
