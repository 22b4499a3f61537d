import { parseArgs, type ParseArgsOptionDescriptor } from 'node:util';

/** A bad command line: one line naming the option or value, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** An option as node:util's parseArgs takes it, plus what `--help` says of it. */
export type OptionSpec = ParseArgsOptionDescriptor & { description: string; valueName?: string };

type ParseConfig<O extends Record<string, OptionSpec>> = { options: O; allowPositionals: true; strict: true };
export type OptionValues<O extends Record<string, OptionSpec>> = ReturnType<typeof parseArgs<ParseConfig<O>>>['values'];

export interface Command<O extends Record<string, OptionSpec> = Record<string, OptionSpec>> {
  name: string;
  summary: string;
  options: O;
  /** Lines of `npm run … -- name --help` after the usage line: what it does, when to use it. */
  details?: string[];
  examples: string[];
  run(values: OptionValues<O>, positionals: string[]): Promise<void>;
}

/** Keeps the option types of one command when it is put in a list of commands of other shapes. */
export function defineCommand<const O extends Record<string, OptionSpec>>(command: Command<O>): Command {
  return command as unknown as Command;
}

export interface Program {
  /** The name in one-line errors, e.g. `vigie`. */
  name: string;
  /** How people start it, e.g. `npm run vigie --`. */
  invocation: string;
  summary: string;
  commands: Command[];
}

const HELP: OptionSpec = { type: 'boolean', short: 'h', description: 'print this help' };

function optionLine(name: string, spec: OptionSpec): string {
  const flag = `--${name}${spec.type === 'string' ? ` ${spec.valueName ?? name.toUpperCase()}` : ''}`;
  const extra = [spec.multiple ? 'repeatable' : '', spec.default !== undefined ? `default ${String(spec.default)}` : ''].filter(Boolean);
  return `  ${flag.padEnd(30)} ${spec.description}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

export function programHelp(program: Program): string {
  const width = Math.max(...program.commands.map((c) => c.name.length)) + 2;
  return [
    `usage: ${program.invocation} <command> [options]`,
    '',
    program.summary,
    '',
    'commands:',
    ...program.commands.map((c) => `  ${c.name.padEnd(width)} ${c.summary}`),
    '',
    `${program.invocation} <command> --help shows a command's options and examples.`,
  ].join('\n');
}

export function commandHelp(program: Program, command: Command): string {
  const options = Object.entries(command.options);
  return [
    `usage: ${program.invocation} ${command.name}${options.length ? ' [options]' : ''}`,
    '',
    command.summary,
    ...(command.details?.length ? ['', ...command.details] : []),
    '',
    'options:',
    ...options.map(([name, spec]) => optionLine(name, spec)),
    optionLine('help', HELP),
    '',
    'examples:',
    ...command.examples.map((e) => `  ${e}`),
  ].join('\n');
}

// parseArgs's own messages carry a stack and its code; people need the option's name and what to do.
function usageErrorOf(error: unknown, program: Program, command: Command): UsageError {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message.split('. ')[0]!.replace(/'/g, '"');
  const hint = `see ${program.invocation} ${command.name} --help`;
  if (code.startsWith('ERR_PARSE_ARGS')) return new UsageError(`${message}; ${hint}`);
  return new UsageError(`${(error as Error).message}; ${hint}`);
}

/** Parses argv, prints help or runs the command. Returns the exit code: 0, 1 on failure, 2 on a bad command line. */
export async function runProgram(
  program: Program,
  argv: string[],
  out: { log(s: string): void; error(s: string): void } = console,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    if (name === undefined) {
      out.error(programHelp(program));
      return 2;
    }
    out.log(programHelp(program));
    return 0;
  }
  const command = program.commands.find((c) => c.name === name);
  if (!command) {
    out.error(`${program.name}: unknown command "${name}"; see ${program.invocation} --help`);
    return 2;
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, options: { ...command.options, help: HELP }, allowPositionals: true, strict: true });
  } catch (error) {
    out.error(`${program.name} ${command.name}: ${usageErrorOf(error, program, command).message}`);
    return 2;
  }
  if (parsed.values.help) {
    out.log(commandHelp(program, command));
    return 0;
  }
  try {
    await command.run(parsed.values as never, parsed.positionals);
    return 0;
  } catch (error) {
    out.error(`${program.name} ${command.name}: ${(error as Error).message}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

/** The value of a required string option, or a usage error naming it. */
export function requireOption(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`missing --${name}`);
  return value;
}

/** A positive integer option (or its default), or a usage error naming it and the value. */
export function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got "${value}"`);
  return n;
}
