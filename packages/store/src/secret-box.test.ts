import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { open, parseKey, seal } from './secret-box.ts';

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
  });
});
