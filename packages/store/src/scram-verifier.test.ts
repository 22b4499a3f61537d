import { describe, expect, it } from 'vitest';
import { build, matches } from './scram-verifier.ts';

// Built by PostgreSQL 15 itself: CREATE ROLE ... PASSWORD 'not-a-real-secret' (scram-sha-256).
const FROM_POSTGRES =
  'SCRAM-SHA-256$4096:NSJ0shylOhd/RHC4lgXzYQ==$UBEw60pk9g4aLbwuGX/49vD+nN8pAPM6uURA/NDwM2k=:or6I3/nNb7727/VoHiGqLnbWcP0uMqhJtTCWSpHgIj8=';

describe('SCRAM-SHA-256 verifier', () => {
  it('is the one PostgreSQL builds for the same password and salt', () => {
    expect(build('not-a-real-secret', Buffer.from('NSJ0shylOhd/RHC4lgXzYQ==', 'base64'))).toBe(FROM_POSTGRES);
    expect(matches(FROM_POSTGRES, 'not-a-real-secret')).toBe(true);
    expect(matches(FROM_POSTGRES, 'not-the-real-secret')).toBe(false);
  });

  it('never contains the password, and refuses what the server would SASLprep differently', () => {
    const verifier = build('Pa55word-long-enough');
    expect(verifier).not.toContain('Pa55word');
    expect(matches(verifier, 'Pa55word-long-enough')).toBe(true);
    expect(() => build('mot de passe é')).toThrow(/printable ASCII/);
  });
});
