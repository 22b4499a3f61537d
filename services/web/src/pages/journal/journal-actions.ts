import { fr, type MessageKey } from '../../i18n/catalogue.ts';

// The catalogue is the one list of journal actions the dashboard names: its "audit.action.*" keys
// fill the filter, and an action a newer API records shows as its dotted name.
const PREFIX = 'audit.action.';

export const knownActions: readonly string[] = Object.keys(fr)
  .filter((k) => k.startsWith(PREFIX))
  .map((k) => k.slice(PREFIX.length))
  .sort();

export const actionKey = (action: string) => `${PREFIX}${action}` as MessageKey;
