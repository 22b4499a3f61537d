import { beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { device } from '../setup/events.ts';
import { postEvents } from '../setup/push.ts';

const env = useTestEnv({ worker: true });
const [tenant] = useTenants(env, 'device-fields');

const get = (url: string) => env.app.inject({ url, headers: { authorization: `Bearer ${tenant.operator}` } });
async function push(events: unknown[], source: string) {
  expect([202, 207]).toContain((await postEvents(env, tenant.connector, events, source)).statusCode);
}
const bySerial = async (serial: string) =>
  ((await get(`/v1/devices?q=${serial}`)).json().items as Record<string, unknown>[]).find((d) => d.serial === serial)!;

beforeAll(async () => {
  // Intune says the build; Fleet, fresher, the marketing name of the same release.
  await push(
    [
      device('w11', { kind: 'laptop', os_name: 'Windows', os_version: '10.0.22631.4602', observed_at: '2026-11-02T08:00:00Z' }),
      device('w10', { kind: 'laptop', os_name: 'Windows', os_version: '10.0.19044.5131', observed_at: '2026-11-02T08:00:00Z' }),
    ],
    'intune',
  );
  await push(
    [
      device('fleet-w11', {
        serial: 'SN-w11',
        kind: 'laptop',
        os_name: 'Windows',
        os_version: 'Microsoft Windows 11 Éducation 23H2',
        observed_at: '2026-11-03T08:00:00Z',
        asset_tag: 'COL-JFERRY-PC-007',
        name: 'CJF-S104-PC07',
      }),
      device('ipad', { kind: 'tablet', os_name: 'iPadOS', os_version: '18.7.2', name: 'iPad de Sophie', asset_tag: 'COL-JFERRY-TAB-002' }),
    ],
    'fleet',
  );
  await waitFor(async () => (await get('/v1/devices?obsolete=os_version')).json().items?.length === 1, 30_000, 'obsolescence evaluated');
}, 90_000);

describe('device fields', () => {
  it('normalises OS versions per platform, keeps the raw text, and flags only what is really older than the rule', async () => {
    const w11 = await bySerial('SN-w11');
    expect(w11).toMatchObject({ os_version: '10.0.22631', os_version_raw: 'Microsoft Windows 11 Éducation 23H2' });
    const flagged = (await get('/v1/devices?obsolete=os_version')).json().items.map((d: { serial: string }) => d.serial);
    expect(flagged).toEqual(['SN-w10']);
  });

  it('shows which source won each field, by priority then freshness', async () => {
    const w11 = await bySerial('SN-w11');
    const provenance = (await get(`/v1/devices/${w11.id as string}/provenance`)).json();
    expect(JSON.stringify(provenance)).toContain('Microsoft Windows 11');
  });

  it('finds devices by serial, asset tag and name; a personal name is stored as a neutral label', async () => {
    const ids = async (q: string) =>
      (await get(`/v1/devices?q=${encodeURIComponent(q)}`)).json().items.map((d: { serial: string }) => d.serial);
    expect(await ids('COL-JFERRY-PC-007')).toEqual(['SN-w11']);
    expect(await ids('CJF-S104-PC07')).toEqual(['SN-w11']);
    expect(await ids('SN-ipad')).toEqual(['SN-ipad']);
    expect(await ids('COL-JFERRY-TAB-002')).toEqual(['SN-ipad']);
    expect(await ids('Sophie')).toEqual([]);
    expect((await bySerial('SN-ipad')).name).toBe('nom masqué');
  });
});
