import { userInfo } from 'node:os';
import type { auditEvents } from '@vigie/store';

/** The operator CLI as the journal's actor: the system account that ran the command. */
export function cliActor(): auditEvents.AuditActor {
  let account = 'unknown';
  try {
    account = userInfo().username;
  } catch {
    // A container user without a passwd entry has no name: the journal says "unknown".
  }
  return { kind: 'cli', id: null, name: `cli:${account}`, address: null };
}
