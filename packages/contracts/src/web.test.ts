import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The dashboard bundles @vigie/contracts/web for the browser: nothing it reaches may import a
// Node built-in, or Vite would ship a stub that fails at run time.
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(new URL(file, import.meta.url), 'utf8');
  for (const [, spec] of text.matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)) {
    if (spec!.startsWith('./')) reachable(spec!, seen);
    else seen.add(spec!);
  }
  return seen;
}

describe('the browser entry point of contracts', () => {
  it('reaches no Node built-in and no package but zod', () => {
    const imports = [...reachable('./web.ts')].filter((s) => !s.startsWith('./'));
    expect(imports.filter((s) => s !== 'zod')).toEqual([]);
  });
});
