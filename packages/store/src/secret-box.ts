import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM: a fresh 12-byte nonce per value, the 16-byte tag appended, a version byte in front so
// the key or algorithm can be rotated later. Layout: [1][nonce 12][ciphertext][tag 16].
const VERSION = 1;

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

/** The 32-byte key from SECRETS_KEY (base64 or hex); throws a message naming the fix. */
export function parseKey(value: string | undefined): Buffer {
  if (!value) throw new SecretKeyError('SECRETS_KEY is not set; generate one with: openssl rand -base64 32');
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32) throw new SecretKeyError('SECRETS_KEY must be 32 bytes, base64 or hex (openssl rand -base64 32)');
  return key;
}

export function seal(key: Buffer, plaintext: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
}

/** Decrypts a sealed value; a wrong key or a tampered value throws. */
export function open(key: Buffer, sealed: Buffer): string {
  if (sealed[0] !== VERSION || sealed.length < 29) throw new SecretKeyError('sealed value has an unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(13, sealed.length - 16)), decipher.final()]).toString('utf8');
}
