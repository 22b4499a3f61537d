import { createHash } from 'node:crypto';
import type { FleetDevice } from './fleet.ts';
import { bearerOf, startFakeMdm, type Faults } from './fake-server.ts';

export const toHeadwindDevice = (d: FleetDevice) => ({
  id: d.num,
  configurationId: 1,
  number: d.user ? `TAB-${d.user.name}` : d.name,
  description: d.user ? `Tablette de ${d.user.name}` : `Tablette ${d.name}`,
  lastUpdate: d.lastCheckIn.getTime(),
  imei: '354870110234561',
  phone: d.user ? '+33612345678' : null,
  publicIp: '81.250.114.13',
  custom1: d.user?.email ?? null,
  groups: [{ id: 1, name: d.group }],
  androidVersion: '14',
  enrollTime: 1_736_763_005_000,
  serial: d.serial,
  statusCode: 'green',
  info: { model: d.model, batteryLevel: d.batteryPct, permissions: [1, 1, 1], serial: d.serial },
});

/** Headwind MDM: JWT login with the MD5 of the password, POST devices/search with pageNum from 1. */
export function startFakeHeadwind(fleet: FleetDevice[], faults: Faults = {}) {
  return serveHeadwind(() => fleet.map(toHeadwindDevice), faults);
}

const CONFIGURATIONS = { 1: { id: 1, name: 'Tablettes élèves - kiosque' } };

/** The same API over device records as Headwind writes them (a recorded sample, or rendered ones). */
export function serveHeadwind(records: () => unknown[], faults: Faults = {}, configurations: Record<string, unknown> = CONFIGURATIONS) {
  const md5 = createHash('md5').update('hmdm-password').digest('hex').toUpperCase();
  return startFakeMdm(
    {
      auth(req, issue) {
        if (req.url.pathname !== '/rest/public/jwt/login') return null;
        const body = JSON.parse(req.body || '{}') as { login?: string; password?: string };
        if (body.login !== 'vigie' || body.password?.toUpperCase() !== md5) return { status: 401, body: {} };
        const token = issue();
        return { headers: { authorization: `Bearer ${token}` }, body: { id_token: token } };
      },
      authorised: (req, tokens) => tokens.has(bearerOf(req)),
      list(req) {
        const { pageSize = 50, pageNum = 1 } = JSON.parse(req.body || '{}') as { pageSize?: number; pageNum?: number };
        const all = records();
        const items = all.slice((pageNum - 1) * pageSize, pageNum * pageSize);
        return { body: { status: 'OK', message: null, data: { configurations, devices: { items, totalItemsCount: all.length } } } };
      },
    },
    faults,
  );
}
