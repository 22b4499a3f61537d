import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

const root = path.resolve(import.meta.dirname, '../..');

/**
 * Runs one of the project's command lines (`script`, from the repository root) as an operator would,
 * with `env` over this process's environment. Never throws: a failing command gives its exit code.
 */
export async function runCli(script: string, args: string[], env: Record<string, string | undefined>): Promise<CliRun> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** `npm run vigie -- …args` with `env` (usually a test environment's) over this process's. */
export const runVigie = (args: string[], env: Record<string, string | undefined>) => runCli('scripts/vigie.ts', args, env);
