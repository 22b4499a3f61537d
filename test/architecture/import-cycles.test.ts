import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A module that imports one importing it back is read in an order nobody chose: app.ts imported
// every route and every route imported app.ts for its types. Relative imports only: packages import
// each other through their entry points, which the dependency rule keeps one-way.
const root = resolve(new URL('../..', import.meta.url).pathname);
const sourceDirs = ['packages', 'services'].flatMap((top) =>
  readdirSync(join(root, top), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, top, d.name, 'src')),
);

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const IMPORT = /^\s*(?:import|export)\b[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;
function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => resolve(dirname(file), m[1]!));
}

/** Every cycle found by a depth-first walk, each as the files it runs through. */
function cycles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at >= 0) return void found.push(path.slice(at).map((f) => relative(root, f)));
    if (done.has(file) || !graph.has(file)) return;
    for (const next of graph.get(file)!) walk(next, [...path, file]);
    done.add(file);
  };
  for (const file of graph.keys()) walk(file, []);
  return found;
}

describe('imports', () => {
  it('run one way inside each package and service: no module imports one that imports it back', () => {
    expect(cycles(sourceDirs.flatMap(sourceFiles))).toEqual([]);
  });
});
