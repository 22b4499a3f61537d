import { wallClock, type FleetDevice } from './fleet.ts';
import { startFakeMdm, type Faults } from './fake-server.ts';

// Dropdown labels of a French GLPI (the ones the connector's mapping reads back).
const TYPES: Record<NonNullable<FleetDevice['kind']>, string> = {
  laptop: 'Portable',
  desktop: 'Ordinateur de bureau',
  tablet: 'Tablette',
  chromebook: 'Chromebook',
  interactive_display: 'TBI',
  other: 'Autre',
};
const STATES: Record<NonNullable<FleetDevice['status']>, string> = {
  in_service: 'En service',
  in_repair: 'En réparation',
  spare: 'En stock',
  lost: 'Perdu',
  retired: 'Réformé',
};
const typeOf = (d: FleetDevice) => (d.kind ? TYPES[d.kind] : d.model.startsWith('OptiPlex') ? 'Ordinateur de bureau' : 'Portable');

export const toGlpiComputer = (d: FleetDevice) => ({
  id: d.num,
  entities_id: 'Entité racine > Collège (0770934X)',
  name: d.name,
  serial: d.serial,
  otherserial: `INV-${d.num}`,
  contact: d.user?.email.split('@')[0] ?? 'eleve',
  contact_num: null,
  users_id: d.user?.name ?? '&nbsp;',
  users_id_tech: '&nbsp;',
  groups_id: '&nbsp;',
  comment: d.user ? `Poste de ${d.user.name}` : '',
  date_mod: wallClock(d.lastCheckIn),
  locations_id: `Collège > ${d.group}`,
  networks_id: '&nbsp;',
  computermodels_id: d.model,
  computertypes_id: typeOf(d),
  manufacturers_id: d.manufacturer ?? 'Dell Inc.',
  is_deleted: 0,
  is_dynamic: 1,
  states_id: STATES[d.status ?? 'in_service'],
  uuid: `UUID-${d.id}`,
  last_inventory_update: wallClock(d.lastCheckIn),
  last_boot: wallClock(d.lastCheckIn),
  links: [{ rel: 'Entity', href: 'https://glpi/apirest.php/Entity/3' }],
});

/** GLPI apirest.php: initSession with user_token + App-Token, Session-Token, range with Content-Range and 206. */
export function startFakeGlpi(fleet: FleetDevice[], faults: Faults = {}) {
  return serveGlpi(() => fleet.map(toGlpiComputer), faults);
}

/** The same API over Computer items as GLPI writes them (a recorded sample, or rendered ones). */
export function serveGlpi(records: () => unknown[], faults: Faults = {}) {
  return startFakeMdm(
    {
      auth(req, issue) {
        if (!req.url.pathname.endsWith('/initSession')) return null;
        const ok = req.headers.authorization === 'user_token glpi-user-token' && req.headers['app-token'] === 'glpi-app-token';
        return ok
          ? { body: { session_token: issue() } }
          : { status: 401, body: ['ERROR_GLPI_LOGIN_USER_TOKEN', 'parameter user_token seems invalid'] };
      },
      authorised: (req, tokens) => tokens.has(String(req.headers['session-token'] ?? '')) && req.headers['app-token'] === 'glpi-app-token',
      list(req) {
        const [from, to] = (req.url.searchParams.get('range') ?? '0-50').split('-').map(Number) as [number, number];
        const items = records();
        if (from >= items.length)
          return { status: 400, body: ['ERROR_RANGE_EXCEED_TOTAL', `Provided range exceed total count of data: ${items.length}`] };
        const page = items.slice(from, to + 1);
        const last = from + page.length - 1;
        return {
          status: last + 1 < items.length ? 206 : 200,
          headers: { 'content-range': `${from}-${last}/${items.length}`, 'accept-range': 'Computer 990' },
          body: page,
        };
      },
    },
    faults,
  );
}
