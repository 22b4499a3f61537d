import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCurrent, keyId, keyring, open, parseKey, seal } from './secret-box.ts';

/** A value as Vigie sealed it before key ids: [1][nonce 12][ciphertext][tag 16]. */
function sealV1(key: Buffer, plaintext: string): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([1]), nonce, body, cipher.getAuthTag()]);
}

describe('secret box', () => {
  const key = parseKey(randomBytes(32).toString('base64'));

  it('round-trips and never contains the clear text', () => {
    const sealed = seal(key, '{"client_secret":"s3cr3t"}');
    expect(sealed.toString('latin1')).not.toContain('s3cr3t');
    expect(open(key, sealed)).toBe('{"client_secret":"s3cr3t"}');
    expect(seal(key, 'same').equals(seal(key, 'same'))).toBe(false);
  });

  it('refuses a wrong key, a tampered value and a bad key setting', () => {
    const sealed = seal(key, 'x');
    expect(() => open(parseKey(randomBytes(32).toString('hex')), sealed)).toThrow();
    sealed[20] = (sealed[20] ?? 0) ^ 1;
    expect(() => open(key, sealed)).toThrow();
    expect(() => parseKey(undefined)).toThrow(/SECRETS_KEY/);
    expect(() => parseKey('short')).toThrow(/32 bytes/);
    expect(() => keyring({ key: key.toString('base64'), previousKey: 'short' })).toThrow(/SECRETS_KEY_PREVIOUS must be 32 bytes/);
  });
});

describe('key rotation', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  const during = { current: newKey, previous: oldKey };

  it('names the sealing key in the value, so the previous key opens what it sealed and only that', () => {
    const sealed = seal(oldKey, 'whsec_old');
    expect(sealed.subarray(1, 9).equals(keyId(oldKey))).toBe(true);
    expect(open(during, sealed)).toBe('whsec_old');
    expect(() => open({ current: newKey, previous: null }, sealed)).toThrow(/neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS/);
    expect(isCurrent(during, sealed)).toBe(false);
    expect(isCurrent(during, seal(during, 'whsec_new'))).toBe(true);
  });

  it('still opens values sealed before key ids, with either key, and counts them as not current', () => {
    expect(open(during, sealV1(oldKey, 'v1 old'))).toBe('v1 old');
    expect(open(during, sealV1(newKey, 'v1 new'))).toBe('v1 new');
    expect(isCurrent(during, sealV1(newKey, 'v1 new'))).toBe(false);
    expect(() => open(randomBytes(32), sealV1(oldKey, 'x'))).toThrow();
  });
});
