import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// Each workspace's package.json declares what its code imports and nothing else: an undeclared
// import works only because npm hoists another workspace's copy (and breaks when that one drops it),
// an unused one is installed, audited and upgraded for nothing.
const ROOT = new URL('../..', import.meta.url).pathname;
const rootManifest = readManifest(ROOT);
const workspaces = ['packages', 'services']
  .flatMap((dir) => readdirSync(join(ROOT, dir)).map((name) => join(ROOT, dir, name)))
  .filter((dir) => existsSync(join(dir, 'package.json')));

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
}

function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' || name === 'dist' ? [] : sourceFiles(path);
    return /\.(ts|tsx|js|mjs)$/.test(name) ? [path] : [];
  });
}

// Static imports and re-exports (from the start of a line, so prose in comments is not read) and
// dynamic import() calls.
const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;

/** The package a bare specifier names ('@scope/name/sub' -> '@scope/name'), or null for files and Node built-ins. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return builtinModules.includes(name) ? null : name;
}

/** Package -> the files importing it. Tests beside the sources may use the root's test tooling (vitest, fast-check). */
function importsOf(dir: string, own: string) {
  const imports = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const isTest = /\.test\.tsx?$/.test(file);
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const name = packageOf(match[1] ?? match[2] ?? match[3]!);
      if (!name || name === own || (isTest && rootManifest.devDependencies?.[name])) continue;
      imports.set(name, [...(imports.get(name) ?? []), relative(ROOT, file)]);
    }
  }
  return imports;
}

function compare(dir: string) {
  const manifest = readManifest(dir);
  const imports = importsOf(dir, manifest.name);
  const declared = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies });
  // A declared package is used when imported, when it types one that is (@types/react for react),
  // or when a script of the workspace runs its command (vite).
  const scripts = Object.values(manifest.scripts ?? {}).map((s) => s.split(' ')[0]);
  const used = (name: string) => imports.has(name) || imports.has(name.replace(/^@types\//, '')) || scripts.includes(name);
  return {
    undeclared: [...imports]
      .filter(([name]) => !declared.includes(name))
      .map(([name, files]) => `${name} (${files[0]})`)
      .sort(),
    unused: declared.filter((name) => !used(name)).sort(),
  };
}

describe('workspace manifests', () => {
  it.each(workspaces.map((dir) => [relative(ROOT, dir), dir]))('%s declares every package it imports, and only those', (_name, dir) => {
    expect(compare(dir)).toEqual({ undeclared: [], unused: [] });
  });

  it('reads a bare specifier as its package, and leaves files and Node built-ins out', () => {
    expect(packageOf('@vigie/store')).toBe('@vigie/store');
    expect(packageOf('kysely/helpers/postgres')).toBe('kysely');
    expect(packageOf('node:fs')).toBeNull();
    expect(packageOf('crypto')).toBeNull();
    expect(packageOf('./x.ts')).toBeNull();
    expect(workspaces.length).toBeGreaterThan(10);
  });
});
