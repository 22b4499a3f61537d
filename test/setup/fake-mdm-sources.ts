import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { SourceKind } from '@vigie/contracts';
import { createTestEnv } from './test-env.ts';

/**
 * A test environment that pulls sources: a secrets key to seal their credentials and a worker to run
 * their syncs. Fake MDMs given to `env.closes` close with it.
 */
export async function createSyncEnv(overrides: Record<string, string> = {}) {
  const env = await createTestEnv({ SECRETS_KEY: randomBytes(32).toString('base64'), ...overrides });
  await env.startWorker();
  return env;
}

let keys: { public: string; private: string } | undefined;

/** The fake Google's service-account key pair: the public half for the fake, the private half for the source. */
export function googleKeys() {
  if (!keys) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = {
      public: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      private: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    };
  }
  return keys;
}

// Where each fake MDM answers below its address, and the credentials it accepts (test/fake-mdm/).
const ENDPOINTS: Record<SourceKind, (url: string) => Record<string, unknown>> = {
  intune: (url) => ({ base_url: url, token_url: `${url}/token`, credentials: { client_id: 'vigie', client_secret: 'graph-secret' } }),
  google: (url) => ({
    base_url: url,
    token_url: `${url}/token`,
    credentials: {
      client_email: 'vigie-sync@projet.iam.gserviceaccount.com',
      private_key: googleKeys().private,
      subject: 'admin@college.example.fr',
    },
  }),
  jamf_pro: (url) => ({ base_url: url, credentials: { client_id: 'vigie', client_secret: 'jamf-secret' } }),
  jamf_school: (url) => ({ base_url: `${url}/api`, credentials: { network_id: 'net-1', api_key: 'school-key' } }),
  fleet: (url) => ({ base_url: url, credentials: { api_token: 'fleet-api-token' } }),
  glpi: (url) => ({ base_url: `${url}/apirest.php`, credentials: { user_token: 'glpi-user-token', app_token: 'glpi-app-token' } }),
  headwind: (url) => ({ base_url: url, credentials: { login: 'vigie', password: 'hmdm-password' } }),
};

/** The body of POST /v1/sources for the fake MDM of `kind` listening at `url`, named after its kind. */
export function fakeSource(kind: SourceKind, url: string): Record<string, unknown> {
  return { name: kind.replace('_', '-'), kind, ...ENDPOINTS[kind](url) };
}
