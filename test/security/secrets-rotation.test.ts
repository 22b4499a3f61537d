import { createCipheriv, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@vigie/config';
import { secretBox, sources } from '@vigie/store';
import { toSettings } from '../../services/worker/src/pull/source-settings.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { runVigie } from '../setup/run-cli.ts';

const OLD = randomBytes(32).toString('base64');
const NEW = randomBytes(32).toString('base64');

const env = useTestEnv({ env: { SECRETS_KEY: OLD } });
const [tenant] = useTenants(env, 'rekey');
let webhookSecret: string;
const sourceIds: string[] = [];

const configWith = (keys: Record<string, string | undefined>) => {
  const vars: Record<string, string | undefined> = { ...process.env, ...env.env, ...keys };
  for (const [name, value] of Object.entries(keys)) if (value === undefined) delete vars[name];
  return loadConfig(vars);
};

const rotate = async (keys: Record<string, string>) => {
  const run = await runVigie(['secrets-rotate'], { ...env.env, ...keys });
  return { code: run.code, out: JSON.parse(run.stdout), stderr: run.stderr };
};

/** Every sealed value in the database, as stored. */
const sealedValues = async () =>
  (
    await sql<{ v: Buffer }>`
  SELECT credentials AS v FROM sources WHERE credentials IS NOT NULL
  UNION ALL SELECT secret FROM notification_endpoints WHERE secret IS NOT NULL
  UNION ALL SELECT client_secret_sealed FROM oidc_providers WHERE client_secret_sealed IS NOT NULL`.execute(env.db)
  ).rows.map((r) => r.v);

/** A value as Vigie sealed it before key ids: [1][nonce 12][ciphertext][tag 16]. */
function sealWithoutKeyId(key: Buffer, plaintext: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), nonce, body, cipher.getAuthTag()]);
}

const credentialsOf = async (id: string, config: ReturnType<typeof configWith>) =>
  toSettings((await sources.loadForSync(env.db, tenant.tenantId, id))!, config).credentials;

beforeAll(async () => {
  const headers = { authorization: `Bearer ${tenant.operator}` };
  for (const name of ['jamf-ecoles', 'jamf-colleges']) {
    const created = await env.app.inject({
      method: 'POST',
      url: '/v1/sources',
      headers,
      payload: {
        name,
        kind: 'jamf_school',
        base_url: 'https://ecoles.jamfcloud.com/api',
        credentials: { network_id: 'n1', api_key: `key-${name}` },
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    sourceIds.push(created.json().id);
  }
  // The second source as an installation from before key ids stored it.
  const legacy = sealWithoutKeyId(secretBox.parseKey(OLD), JSON.stringify({ network_id: 'n1', api_key: 'key-jamf-colleges' }));
  await sql`UPDATE sources SET credentials = ${legacy} WHERE id = ${sourceIds[1]}`.execute(env.db);
  const hook = await env.app.inject({
    method: 'POST',
    url: '/v1/notification-endpoints',
    headers,
    payload: { kind: 'webhook', name: 'soc', url: 'https://soc.example.fr/hook' },
  });
  expect(hook.statusCode, hook.body).toBe(201);
  webhookSecret = hook.json().secret;
});

describe('SECRETS_KEY rotation', () => {
  it('keeps secrets sealed with the old key readable while SECRETS_KEY_PREVIOUS names it', async () => {
    const newAlone = configWith({ SECRETS_KEY: NEW, SECRETS_KEY_PREVIOUS: undefined });
    await expect(credentialsOf(sourceIds[0]!, newAlone)).rejects.toThrow(/SECRETS_KEY_PREVIOUS/);
    const during = configWith({ SECRETS_KEY: NEW, SECRETS_KEY_PREVIOUS: OLD });
    expect(await credentialsOf(sourceIds[0]!, during)).toEqual({ network_id: 'n1', api_key: 'key-jamf-ecoles' });
    expect(await credentialsOf(sourceIds[1]!, during)).toEqual({ network_id: 'n1', api_key: 'key-jamf-colleges' });
  });

  it('secrets-rotate seals every value with the new key, after which the new key alone opens them', async () => {
    const first = await rotate({ SECRETS_KEY: NEW, SECRETS_KEY_PREVIOUS: OLD });
    expect(first.code, first.stderr).toBe(0);
    expect(first.out).toMatchObject({ values: 3, resealed: 3, unreadable: 0 });
    expect(first.stderr).toContain('sources: 2 sealed, 2 resealed, 0 unreadable');
    expect(first.stderr).toContain('notification_endpoints: 1 sealed, 1 resealed, 0 unreadable');

    const newAlone = configWith({ SECRETS_KEY: NEW, SECRETS_KEY_PREVIOUS: undefined });
    expect(await credentialsOf(sourceIds[0]!, newAlone)).toEqual({ network_id: 'n1', api_key: 'key-jamf-ecoles' });
    expect(await credentialsOf(sourceIds[1]!, newAlone)).toEqual({ network_id: 'n1', api_key: 'key-jamf-colleges' });
    const [endpoint] = (await sql<{ secret: Buffer }>`SELECT secret FROM notification_endpoints`.execute(env.db)).rows;
    expect(secretBox.open(secretBox.keyring(newAlone.secrets), endpoint!.secret)).toBe(webhookSecret);
    const newId = secretBox.keyId(secretBox.parseKey(NEW));
    for (const sealed of await sealedValues()) expect(sealed.subarray(1, 9).equals(newId)).toBe(true);
  });

  it('a second run changes nothing', async () => {
    const before = await sealedValues();
    const again = await rotate({ SECRETS_KEY: NEW });
    expect(again.code, again.stderr).toBe(0);
    expect(again.out).toMatchObject({ values: 3, resealed: 0, unreadable: 0 });
    expect(await sealedValues()).toEqual(before);
  });

  it('leaves a value neither key opens as it is, reseals the rest, and exits 1 saying to keep the previous key', async () => {
    const stranger = secretBox.seal(randomBytes(32), JSON.stringify({ network_id: 'n1', api_key: 'lost' }));
    await sql`UPDATE sources SET credentials = ${stranger} WHERE id = ${sourceIds[0]}`.execute(env.db);
    const legacy = sealWithoutKeyId(secretBox.parseKey(NEW), JSON.stringify({ network_id: 'n1', api_key: 'key-jamf-colleges' }));
    await sql`UPDATE sources SET credentials = ${legacy} WHERE id = ${sourceIds[1]}`.execute(env.db);
    const run = await rotate({ SECRETS_KEY: NEW, SECRETS_KEY_PREVIOUS: OLD });
    expect(run.code).toBe(1);
    expect(run.out).toMatchObject({ values: 3, resealed: 1, unreadable: 1 });
    expect(run.stderr).toMatch(/1 value\(s\) open with neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS/);
    const [row] = (await sql<{ credentials: Buffer }>`SELECT credentials FROM sources WHERE id = ${sourceIds[0]}`.execute(env.db)).rows;
    expect(row!.credentials.equals(stranger)).toBe(true);
  });
});
