// Breaking changes made on purpose within a major version. Each was reviewed and decided, names the
// minor version that shipped it and why, and is told to clients in docs/api.md ("Changes"). The
// contract check (test/api/openapi-contract.test.ts) lets exactly these through: any other breaking
// change is still refused, and an entry the check no longer finds fails it too.

export interface AcknowledgedBreak {
  /** The API version that made the change (its minor part raised). */
  since: string;
  /** Why clients are asked to adapt rather than the major version raised. */
  why: string;
  /** The lines breakingChanges() gives for it, exactly. */
  changes: readonly string[];
}

export const ACKNOWLEDGED_BREAKS: readonly AcknowledgedBreak[] = [
  {
    since: '1.1.0',
    why:
      'Issue 15, asked by users: last_seen is the last contact a source reported, null for a device that never connected. ' +
      'Until 1.0 it fell back to when Vigie first listed the device (a sync time), which made never-connected devices look ' +
      'offline; a non-null date there was wrong, not merely imprecise.',
    changes: [
      'GET /v1/devices 200.items[].last_seen: may now be null',
      'GET /v1/devices/{id} 200.last_seen: may now be null',
      'GET /v1/devices/{id} 200.sources[].last_seen: may now be null',
      'GET /v1/assets/reconciliation 200.seen_not_in_register[].last_seen: may now be null',
    ],
  },
];

const versionParts = (v: string) => v.split('.').map(Number);
/** a < b for "MAJOR.MINOR.PATCH" versions. */
export function versionBefore(a: string, b: string): boolean {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return false;
}

/**
 * Splits what breakingChanges() found between a release document and the current one: `refused`,
 * the changes no entry shipped after that release and up to the current version acknowledges;
 * `stale`, acknowledged lines that apply but were not found (the list says more than the code does).
 */
export function checkAcknowledged(
  found: readonly string[],
  releaseVersion: string,
  currentVersion: string,
  acknowledged = ACKNOWLEDGED_BREAKS,
) {
  const applying = acknowledged.filter((a) => versionBefore(releaseVersion, a.since) && !versionBefore(currentVersion, a.since));
  const allowed = new Set(applying.flatMap((a) => a.changes));
  return {
    refused: found.filter((line) => !allowed.has(line)),
    stale: [...allowed].filter((line) => !found.includes(line)),
  };
}
