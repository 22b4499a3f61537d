import { beforeAll, describe, expect, it } from 'vitest';
import { createLoginLink } from '../../services/api/src/sign-in/login-link.ts';
import { addCollege } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';
import { asPerson, useLink } from './session-client.ts';

const env = useTestEnv({ worker: true });
const [tenant] = useTenants(env, 'dep77');
const OTHER_UAI = '0770935Y';
const base = baseTime(1);
const ids: Record<string, string> = {};

async function signIn(role: string, uais: string[] = []) {
  const { url } = await createLoginLink(env.db, env.config, { tenantCode: 'dep77', role, uais });
  const { cookie } = await useLink(env.app, url);
  return asPerson(env.app, cookie!);
}

beforeAll(async () => {
  await addCollege(env, tenant.tenantId, OTHER_UAI, 'Collège voisin');
  await pushAndWait(
    env,
    tenant,
    [
      inventory('mine-1', base),
      inventory('mine-2', base),
      heartbeat('mine-1', base, 1),
      inventory('theirs-1', base, { establishment_uai: OTHER_UAI }),
    ],
    'jamf',
  );
  const all = await env.app.inject({ url: '/v1/devices', headers: { authorization: `Bearer ${tenant.operator}` } });
  for (const d of all.json().items as { id: string; serial: string }[]) ids[d.serial] = d.id;
});

describe('people see what their role lets them see, over sessions', () => {
  it('an operator sees the whole tenant', async () => {
    const operator = await signIn('operator');
    expect((await operator.get('/v1/devices')).json().items).toHaveLength(3);
    expect((await operator.get('/v1/fleet/summary')).json().total).toBe(3);
  });

  it('an establishment head sees only the UAIs of the sign-in', async () => {
    const head = await signIn('establishment', [tenant.uai]);
    const devices = (await head.get('/v1/devices')).json().items as { serial: string }[];
    expect(devices.map((d) => d.serial).sort()).toEqual(['SN-mine-1', 'SN-mine-2']);
    expect((await head.get('/v1/establishments')).json().items.map((e: { uai: string }) => e.uai)).toEqual([tenant.uai]);
    expect((await head.get('/v1/fleet/summary')).json().total).toBe(2);
    expect((await head.get(`/v1/devices/${ids['SN-mine-1']}`)).statusCode).toBe(200);
    // Another establishment's device or figures: 404, exactly as for something that does not exist.
    expect((await head.get(`/v1/devices/${ids['SN-theirs-1']}`)).statusCode).toBe(404);
    expect((await head.get(`/v1/establishments/${OTHER_UAI}/daily?from=2026-01-01&to=2026-01-02`)).statusCode).toBe(404);
    expect((await head.get(`/v1/devices?establishment=${OTHER_UAI}`)).json().items).toEqual([]);
  });

  it('an académie partner reads aggregates and comparisons but is refused every device list (403)', async () => {
    const partner = await signIn('partner');
    const day = base.toISOString().slice(0, 10);
    for (const url of [
      '/v1/fleet/summary',
      '/v1/establishments',
      `/v1/establishments/${tenant.uai}/daily?from=${day}&to=${day}`,
      `/v1/comparisons?start=${day}`,
      `/v1/bi/establishment_daily_v1.csv?from=${day}&to=${day}`,
    ]) {
      const res = await partner.get(url);
      expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
    }
    const deviceLists = [
      '/v1/devices',
      `/v1/devices?establishment=${tenant.uai}`,
      `/v1/devices/${ids['SN-mine-1']}`,
      `/v1/devices/${ids['SN-mine-1']}/activity?from=${day}&to=${day}`,
      '/v1/devices/duplicates',
      `/v1/devices/${ids['SN-mine-1']}/provenance`,
      '/v1/assets/reconciliation',
      '/v1/alerts',
      '/v1/ingest/failures',
      `/v1/bi/device_daily_v1.csv?from=${day}&to=${day}`,
      `/v1/bi/obsolescence_v1.csv?from=${day}&to=${day}`,
      `/v1/bi/renewal_forecast_v1.csv?from=${day}&to=${day}`,
    ];
    for (const url of deviceLists) {
      const res = await partner.get(url);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().error.code, url).toBe('forbidden');
    }
  });

  it('a session is never a platform administrator, and a person cannot write beyond the role', async () => {
    const partner = await signIn('partner');
    expect((await partner.get('/v1/tenants')).statusCode).toBe(403);
    const head = await signIn('establishment', [tenant.uai]);
    const csrf = (await head.get('/v1/session')).json().csrfToken;
    const res = await head.write('POST', '/v1/establishments', { uai: '0770940D', name: 'X', type: 'college', calendar_zone: 'C' }, csrf);
    expect(res.statusCode).toBe(403);
  });
});
