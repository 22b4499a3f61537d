import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { knownActions } from '../../services/web/src/pages/journal/journal-actions.ts';

// The Journal page's labels. The API records actions as string literals (`action: 'token.created'`) in its routes and sign-in
// code: a new one without a French label would show as its dotted name, so this test reads them.
const apiSrc = fileURLToPath(new URL('../../services/api/src', import.meta.url));

function recordedActions(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return recordedActions(file);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) return [];
    return [...readFileSync(file, 'utf8').matchAll(/action: '([a-z_]+\.[a-z_.]+)'/g)].map((m) => m[1]!);
  });
}

describe('journal actions', () => {
  it('every action the API records has a label in the catalogue', () => {
    const recorded = [...new Set(recordedActions(apiSrc))].sort();
    expect(recorded.length).toBeGreaterThan(10);
    expect(recorded.filter((a) => !knownActions.includes(a))).toEqual([]);
  });
});
