import type { DeviceKind, DeviceStatuses } from '@vigie/contracts';
import type { DeviceRecord } from '../connector.ts';
import { toInstant } from '../sync/dates.ts';
import { kindOf } from '../sync/device-kind.ts';
import { asObject, deviceName, opt, placeKeysOf, sentSerial, text } from '../sync/units.ts';

type Status = (typeof DeviceStatuses)[number];

// Dropdown labels of a French GLPI (expand_dropdowns=true). Types and states are per-install
// dropdowns: unknown labels leave the field unset rather than guessing.
const TYPES: Record<string, DeviceKind> = {
  portable: 'laptop',
  laptop: 'laptop',
  notebook: 'laptop',
  'ordinateur portable': 'laptop',
  'ordinateur de bureau': 'desktop',
  desktop: 'desktop',
  'unité centrale': 'desktop',
  'tout-en-un': 'desktop',
  tablette: 'tablet',
  tablet: 'tablet',
  chromebook: 'chromebook',
  tbi: 'interactive_display',
  vpi: 'interactive_display',
  'écran interactif': 'interactive_display',
};
const STATES: Record<string, Status> = {
  'en service': 'in_service',
  production: 'in_service',
  'en réparation': 'in_repair',
  'en panne': 'in_repair',
  'en stock': 'spare',
  stock: 'spare',
  perdu: 'lost',
  volé: 'lost',
  réformé: 'retired',
  rebut: 'retired',
  'hors service': 'retired',
};

// contact, contact_num, users_id, users_id_tech, groups_id and comment are never read: they name people.

/**
 * A GLPI Computer (flat item, dropdowns expanded). Dates are server-local without zone, read in the
 * source's time zone; "&nbsp;" stands for an empty dropdown. The flat item has no OS or disks
 * (those are sub-items), and last_inventory_update is the agent's last report: the presence signal.
 */
export function toDeviceRecord(raw: unknown, zone: string): DeviceRecord | null {
  const c = asObject(raw);
  const id = text(c?.id);
  if (!c || !id) return null;
  const model = text(c.computermodels_id);
  const type = text(c.computertypes_id)?.toLowerCase();
  const state = text(c.states_id)?.toLowerCase();
  const lastInventory = toInstant(c.last_inventory_update, zone);
  return {
    externalId: id,
    lastCheckIn: lastInventory,
    version: toInstant(c.date_mod, zone) ?? lastInventory,
    inventory: {
      kind: (type && TYPES[type]) || kindOf(undefined, model),
      ...sentSerial(c.serial),
      ...opt('manufacturer', text(c.manufacturers_id)),
      ...opt('model', model),
      ...opt('status', state ? STATES[state] : undefined),
      ...opt('asset_tag', text(c.otherserial, 100)),
      ...deviceName(c.name),
    },
    placeKeys: placeKeysOf(text(c.locations_id, 500), text(c.entities_id, 500), text(c.name), text(c.otherserial)),
    checkIn: {},
    dailyActivity: [],
  };
}
