import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACKNOWLEDGED_BREAKS, checkAcknowledged, versionBefore } from '../../services/api/src/openapi/acknowledged-breaks.ts';
import { breakingChanges, majorOf, type OpenApiDoc } from '../../services/api/src/openapi/breaking-changes.ts';
import { OPERATION_IDS } from '../../services/api/src/openapi/operation-ids.ts';
import { useTestEnv } from '../setup/use-test-env.ts';

const RELEASES = path.resolve(import.meta.dirname, '../../docs/openapi');
const env = useTestEnv();
let doc: OpenApiDoc & { paths: Record<string, Record<string, { operationId?: string; tags?: string[] }>> };

beforeAll(async () => {
  doc = (await env.app.inject({ url: '/openapi.json' })).json();
});

/** The committed document of the newest release (docs/openapi/vMAJOR.MINOR.json). */
function latestRelease(): { file: string; doc: OpenApiDoc } {
  const files = readdirSync(RELEASES).filter((f) => /^v\d+\.\d+\.json$/.test(f));
  const version = (f: string) => f.slice(1, -5).split('.').map(Number) as [number, number];
  const file = files.sort((a, b) => version(a)[0] - version(b)[0] || version(a)[1] - version(b)[1]).at(-1)!;
  return { file, doc: JSON.parse(readFileSync(path.join(RELEASES, file), 'utf8')) };
}

describe('the API contract', () => {
  it('names every operation once and tags it, so generated clients get method names', () => {
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => ({ at: `${m.toUpperCase()} ${p}`, ...op })),
    );
    expect(ops.length).toBeGreaterThan(50);
    expect(ops.filter((op) => !op.operationId || !op.tags?.length).map((op) => op.at)).toEqual([]);
    const ids = ops.map((op) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    // No name for a route that is gone: the table is the list of operations, not a wish list.
    expect(Object.values(OPERATION_IDS).filter((id) => !ids.includes(id))).toEqual([]);
  });

  it('breaks no client of the latest release document unless the major version changes, but for the acknowledged changes', () => {
    const release = latestRelease();
    expect(release.file).toBeDefined();
    if (majorOf(doc.info.version) > majorOf(release.doc.info.version)) return;
    const { refused, stale } = checkAcknowledged(breakingChanges(release.doc, doc), release.doc.info.version, doc.info.version);
    // A change listed here breaks existing clients: restore it, or raise API_VERSION's major
    // (services/api/src/release.ts) and commit the new document with `npm run openapi -- write`.
    // Only a reviewed decision goes to services/api/src/openapi/acknowledged-breaks.ts, with a
    // minor version raised and an entry in docs/api.md "Changes".
    expect(refused).toEqual([]);
    // Listed as acknowledged, yet no longer a change: the list must say what the code does.
    expect(stale).toEqual([]);
  });

  it('tells clients every acknowledged change in docs/api.md, under the version that made it', () => {
    const guide = readFileSync(path.resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
    const changes = guide.slice(guide.indexOf('## Changes'));
    expect(changes.length).toBeLessThan(guide.length);
    for (const entry of ACKNOWLEDGED_BREAKS) {
      expect(changes).toContain(`### ${entry.since}`);
      expect(versionBefore(doc.info.version, entry.since)).toBe(false);
    }
  });
});
