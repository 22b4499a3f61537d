// pg_dump and pg_restore as child processes, with their per-table lines turned into a progress bar.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { progressBar } from '@vigie/simulator';

/** Runs a PostgreSQL client tool; `--verbose` lines matching `step` advance a bar of `total` tables. */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', args: string[], label: string, total: number, step: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, ['--verbose', ...args], { stdio: ['ignore', 'inherit', 'pipe'] });
    const bar = progressBar(label, total, 'tables');
    const errors: string[] = [];
    let done = 0;
    createInterface({ input: child.stderr }).on('line', (line) => {
      if (step.test(line)) bar.update(++done);
      else if (/error|fatal/i.test(line)) errors.push(line);
    });
    child.on('error', (error) =>
      reject(new Error(`${tool} could not start (${error.message}): install the PostgreSQL client of the server's major version`)),
    );
    child.on('close', (code) => {
      bar.finish();
      if (code === 0) resolve();
      else reject(new Error(`${tool} exited with ${code}${errors.length ? `: ${errors.slice(0, 5).join(' | ')}` : ''}`));
    });
  });
}
