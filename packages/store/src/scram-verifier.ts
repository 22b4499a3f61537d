import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

// PostgreSQL's SCRAM-SHA-256 password format (RFC 5802 / 7677, libpq's pg_fe_scram_build_secret):
// SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>, all base64. PostgreSQL stores a value of
// this shape as given, so the clear password never reaches the server, its logs or pg_stat_statements.
const ITERATIONS = 4096;

export class ScramPasswordError extends Error {
  override name = 'ScramPasswordError';
}

/** The SCRAM-SHA-256 verifier PostgreSQL stores for this password, with a fresh salt. */
export function build(password: string, salt = randomBytes(16), iterations = ITERATIONS): string {
  const { storedKey, serverKey } = keys(password, salt, iterations);
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** Whether a password is the one a stored verifier was built from (what the server checks at login). */
export function matches(verifier: string, password: string): boolean {
  const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!m) return false;
  const { storedKey } = keys(password, Buffer.from(m[2]!, 'base64'), Number(m[1]));
  const expected = Buffer.from(m[3]!, 'base64');
  return expected.length === storedKey.length && timingSafeEqual(expected, storedKey);
}

function keys(password: string, salt: Buffer, iterations: number) {
  // The server SASLprep-normalises passwords; printable ASCII is left as is, so accept only that
  // rather than carry a SASLprep implementation (generated passwords are base64url).
  if (!/^[\x21-\x7e]{8,}$/.test(password)) throw new ScramPasswordError('BI passwords are at least 8 printable ASCII characters');
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  return {
    storedKey: createHash('sha256').update(clientKey).digest(),
    serverKey: createHmac('sha256', salted).update('Server Key').digest(),
  };
}
