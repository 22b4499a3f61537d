import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, GENESIS_HASH } from './audit-hash.ts';

describe('canonicalJson', () => {
  it('writes the same text whatever the key order, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: null, y: 'x' }], c: true } })).toBe('{"a":{"c":true,"d":[2,{"y":"x","z":null}]},"b":1}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('chainHash', () => {
  const event = {
    tenant_id: null,
    seq: 1,
    at: new Date('2026-12-07T10:00:00.123Z'),
    actor_kind: 'cli',
    actor_id: null,
    actor_name: 'root',
    address: null,
    action: 'token.created',
    target_kind: 'token',
    target_id: 'x',
    details: { role: 'admin' },
  };
  it('changes with any field and with the previous hash', () => {
    const hash = chainHash(GENESIS_HASH, event);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, { ...event, details: { role: 'operator' } })).not.toBe(hash);
    expect(chainHash(hash, event)).not.toBe(hash);
  });
});
