import { peopleSessions, type Db } from '@vigie/store';
import type { Config } from '@vigie/config';
import { principalOf, type Principal } from '../auth.ts';
import { csrfTokenOf } from './session-cookie.ts';

// last_seen_at is written at most once a minute per session, not on every request of a page: idle
// expiry is therefore exact to the minute.
const TOUCH_AFTER_MS = 60_000;

/** Resolves a session cookie into the same Principal a token gives (null when unknown, expired or revoked). */
export function createSessionResolver(db: Db, config: Readonly<Config>) {
  const { idleMinutes } = config.sessions;
  return async function resolveSession(secret: string): Promise<Principal | null> {
    const row = await peopleSessions.findLive(db, secret, idleMinutes);
    if (!row) return null;
    const now = Date.now();
    let lastSeen = row.last_seen_at.getTime();
    if (now - lastSeen > TOUCH_AFTER_MS) {
      await peopleSessions.touch(db, row.tenant_id, row.id);
      lastSeen = now;
    }
    const holder = {
      id: row.id,
      name: row.display_name,
      tenantId: row.tenant_id,
      role: row.role,
      establishmentUais: row.establishment_uais,
    };
    return {
      ...(await principalOf(db, holder)),
      session: {
        id: row.id,
        subject: row.subject,
        displayName: row.display_name,
        uais: row.establishment_uais,
        csrfToken: csrfTokenOf(secret),
        expiresAt: row.expires_at,
        idleExpiresAt: new Date(Math.min(lastSeen + idleMinutes * 60_000, row.expires_at.getTime())),
      },
    };
  };
}
