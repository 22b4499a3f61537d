// Builds the dashboard (services/web/dist) when its sources changed since the last build: `npm run
// demo` and `npm test` call it, so a fresh clone gets a dashboard and an unchanged tree costs one hash.
//   --force  build even if nothing changed
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const web = path.join(root, 'services/web');
const stamp = path.join(web, 'dist/.source-hash');
// What the bundle is made of: the app, the shared contracts it imports, and the locked versions.
const inputs = [
  'services/web/src',
  'services/web/index.html',
  'services/web/vite.config.ts',
  'services/web/package.json',
  'packages/contracts/src',
  'package-lock.json',
];

function files(relative: string): string[] {
  const absolute = path.join(root, relative);
  if (!existsSync(absolute)) return [];
  if (!statSync(absolute).isDirectory()) return [relative];
  return readdirSync(absolute, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(relative, name))
    .filter((name) => statSync(path.join(root, name)).isFile() && !name.endsWith('.test.ts'))
    .sort();
}

/** One hash over every input file's path and content. */
function sourceHash(): string {
  const hash = createHash('sha256');
  for (const file of inputs.flatMap(files))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0');
  return hash.digest('hex');
}

const current = sourceHash();
const built = existsSync(stamp) && existsSync(path.join(web, 'dist/index.html')) ? readFileSync(stamp, 'utf8').trim() : null;
if (built === current && !process.argv.includes('--force')) {
  process.stdout.write('Dashboard up to date (services/web/dist).\n');
} else {
  process.stdout.write('Building the dashboard (services/web/dist)…\n');
  const result = spawnSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write('The dashboard build failed (see above).\n');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stamp, `${current}\n`);
}
