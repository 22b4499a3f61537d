import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { SourceKind } from '@vigie/contracts';
import { useTestEnv } from './use-test-env.ts';

/**
 * The test environment of a file that pulls sources (useTestEnv's): a secrets key to seal their
 * credentials and a worker to run their syncs. Fake MDMs given to `env.closes` close with it.
 */
export function useSyncEnv(env: Record<string, string> = {}) {
  return useTestEnv({ worker: true, env: { SECRETS_KEY: randomBytes(32).toString('base64'), ...env } });
}

/** Short connector timeouts and back-offs, so that the fakes' slow pages and error bursts pass quickly. */
export const FAST_CONNECTOR_ENV = { CONNECTOR_TIMEOUT_MS: '400', CONNECTOR_BACKOFF_BASE_MS: '20', CONNECTOR_BACKOFF_MAX_MS: '100' };

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
