import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Env } from './env.ts';

describe('docs/operations.md', () => {
  it('documents every environment variable Vigie reads, and no other', () => {
    const doc = readFileSync(new URL('../../../docs/operations.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Environment'), doc.indexOf('\n## ', doc.indexOf('## Environment') + 1));
    const documented = [...section.matchAll(/^\| `([A-Z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(Env.shape).sort());
  });
});
