import { describe, expect, it } from 'vitest';
import { runCli } from '../setup/run-cli.ts';
const PROGRAMS = { vigie: 'scripts/vigie.ts', simulate: 'packages/simulator/src/cli/main.ts' };

// No database is reachable on purpose: help and usage errors must never need one.
const cli = (script: string, args: string[]) => runCli(script, args, { DATABASE_URL: 'postgres://nobody@127.0.0.1:9/none' });

/** The command names a program's --help lists: the test follows the table, so a new command is checked too. */
function commandsOf(help: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf('commands:') + 1;
  const end = lines.indexOf('', start);
  return lines.slice(start, end).map((l) => l.trim().split(/\s+/)[0]!);
}

describe.each(Object.entries(PROGRAMS))('npm run %s', (name, script) => {
  it('prints its usage and commands with --help, exit 0', async () => {
    const help = await cli(script, ['--help']);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toMatch(new RegExp(`^usage: npm run ${name} -- <command>`));
    expect(commandsOf(help.stdout).length).toBeGreaterThanOrEqual(3);
  });

  it('answers an unknown command with one line and exit 2', async () => {
    const out = await cli(script, ['no-such-command']);
    expect(out.code).toBe(2);
    expect(out.stderr.trim().split('\n')).toEqual([`${name}: unknown command "no-such-command"; see npm run ${name} -- --help`]);
  });

  it("prints every command's usage with examples, and refuses a bad option with one line naming it and exit 2", async () => {
    const commands = commandsOf((await cli(script, ['--help'])).stdout);
    // Checked two commands at a time: each check starts two processes.
    for (let i = 0; i < commands.length; i += 2) await Promise.all(commands.slice(i, i + 2).map((command) => checkCommand(command)));

    async function checkCommand(command: string) {
      const help = await cli(script, [command, '--help']);
      expect(help.code, command).toBe(0);
      expect(help.stdout, command).toMatch(new RegExp(`^usage: npm run ${name} -- ${command}`));
      expect(help.stdout, command).toMatch(/\nexamples:\n {2}npm run /);
      const bad = await cli(script, [command, '--no-such-option']);
      expect(bad.code, command).toBe(2);
      expect(bad.stderr.trim().split('\n'), command).toEqual([
        `${name} ${command}: Unknown option "--no-such-option"; see npm run ${name} -- ${command} --help`,
      ]);
    }
  }, 180_000);
});

describe('values checked before any work', () => {
  it('names the option and the value', async () => {
    expect(await cli(PROGRAMS.simulate, ['generate', '--devices', 'abc'])).toMatchObject({
      code: 2,
      stderr: 'simulate generate: --devices must be a positive integer, got "abc"\n',
    });
    expect(await cli(PROGRAMS.vigie, ['backup', '--to', '/tmp/x', '--jobs', '0'])).toMatchObject({
      code: 2,
      stderr: 'vigie backup: --jobs must be a positive integer, got "0"\n',
    });
    expect(await cli(PROGRAMS.vigie, ['token-create', '--role', 'boss'])).toMatchObject({
      code: 2,
      stderr: 'vigie token-create: missing --tenant\n',
    });
  });
});
