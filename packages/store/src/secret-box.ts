import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

// AES-256-GCM with a fresh 12-byte nonce per value and the 16-byte tag appended. Version 2 names the
// key that sealed it, so a rotation knows which values are still under the previous key:
//   [2][key id 8][nonce 12][ciphertext][tag 16]
// Version 1 values, written before key ids, are [1][nonce 12][ciphertext][tag 16]; they are still
// opened (the GCM tag tells which key fits) and secrets-rotate rewrites them as version 2.
const V1 = 1;
const V2 = 2;
const ID_BYTES = 8;

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** The key that seals, and the one being rotated away from, which only opens. */
export interface Keyring {
  current: Buffer;
  previous: Buffer | null;
}

/** The 32-byte key from SECRETS_KEY (base64 or hex); throws a message naming the fix. */
export function parseKey(value: string | undefined, variable = 'SECRETS_KEY'): Buffer {
  if (!value) throw new SecretKeyError(`${variable} is not set; generate one with: openssl rand -base64 32`);
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new SecretKeyError(`${variable} must be 32 bytes, base64 or hex (openssl rand -base64 32)`);
  return key;
}

/** The keys of config.secrets: SECRETS_KEY, and SECRETS_KEY_PREVIOUS during a rotation. */
export function keyring(secrets: { key: string | null; previousKey?: string | null }): Keyring {
  return {
    current: parseKey(secrets.key ?? undefined),
    previous: secrets.previousKey ? parseKey(secrets.previousKey, 'SECRETS_KEY_PREVIOUS') : null,
  };
}

/** A key's public name: a hash prefix, so it can be stored beside the values and logged. */
export function keyId(key: Buffer): Buffer {
  return createHash('sha256').update('vigie secrets key id\0').update(key).digest().subarray(0, ID_BYTES);
}

export function seal(keys: Keyring | Buffer, plaintext: string): Buffer {
  const key = Buffer.isBuffer(keys) ? keys : keys.current;
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([V2]), keyId(key), nonce, body, cipher.getAuthTag()]);
}

/** Decrypts a sealed value with whichever key of the ring sealed it; a wrong key or a tampered value throws. */
export function open(keys: Keyring | Buffer, sealed: Buffer): string {
  const ring = Buffer.isBuffer(keys) ? [keys] : [keys.current, ...(keys.previous ? [keys.previous] : [])];
  if (sealed[0] === V2 && sealed.length >= 1 + ID_BYTES + 28) {
    const id = sealed.subarray(1, 1 + ID_BYTES);
    const key = ring.find((k) => keyId(k).equals(id));
    if (!key) throw new SecretKeyError(`sealed with key ${id.toString('hex')}, which is neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS`);
    return decrypt(key, sealed.subarray(1 + ID_BYTES));
  }
  if (sealed[0] !== V1 || sealed.length < 29) throw new SecretKeyError('sealed value has an unknown format');
  for (const key of ring.slice(0, -1)) {
    try {
      return decrypt(key, sealed.subarray(1));
    } catch {
      // Not this key: the GCM tag failed. The last key's failure is the one thrown.
    }
  }
  return decrypt(ring.at(-1)!, sealed.subarray(1));
}

/** Whether a value is sealed with the current key, in the current format (what secrets-rotate leaves). */
export function isCurrent(keys: Keyring, sealed: Buffer): boolean {
  return sealed[0] === V2 && sealed.subarray(1, 1 + ID_BYTES).equals(keyId(keys.current));
}

function decrypt(key: Buffer, nonceBodyTag: Buffer): string {
  const decipher = createDecipheriv('aes-256-gcm', key, nonceBodyTag.subarray(0, 12));
  decipher.setAuthTag(nonceBodyTag.subarray(nonceBodyTag.length - 16));
  return Buffer.concat([decipher.update(nonceBodyTag.subarray(12, nonceBodyTag.length - 16)), decipher.final()]).toString('utf8');
}
