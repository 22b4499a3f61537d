// `npm run simulate -- <command> [options]`: the simulated fleet as files or pushed to a running Vigie.
import { commandLine } from '@vigie/config';
import { FLEET_OPTIONS } from './cli-options.ts';
import { generateCommand } from './generate-command.ts';
import { pushCommand } from './push-command.ts';
import { truthCommand } from './truth-command.ts';

const generate = commandLine.defineCommand({
  name: 'generate',
  summary: "stream the fleet's inventory and events as NDJSON (or only count them); speed on stderr",
  options: { ...FLEET_OPTIONS, out: { type: 'string', valueName: 'FILE', description: 'a file, or - for stdout (default: count only)' } },
  examples: [
    'npm run simulate -- generate --devices 1000 --days 5 --out events.ndjson',
    'npm run simulate -- generate --devices 100000 --days 1',
  ],
  run: (values) => generateCommand(values),
});

const truth = commandLine.defineCommand({
  name: 'truth',
  summary: 'write the ground truth: device-days.ndjson and establishment-days.csv',
  options: { ...FLEET_OPTIONS, out: { type: 'string', default: 'simulation-truth', valueName: 'DIR', description: 'directory to write' } },
  examples: ['npm run simulate -- truth --devices 1000 --days 10 --from 2026-11-16 --out truth/'],
  run: (values) => truthCommand(values),
});

const push = commandLine.defineCommand({
  name: 'push',
  summary: 'push the fleet to a running Vigie: backfill, then optionally live or replayed on a faster clock',
  details: ['--admin-token provisions tenants, establishments and carts; --token pushes a provisioned single-tenant fleet'],
  options: {
    ...FLEET_OPTIONS,
    url: { type: 'string', default: 'http://127.0.0.1:3000', description: "the Vigie API's address" },
    'admin-token': { type: 'string', valueName: 'TOKEN', description: 'a platform administrator token' },
    token: { type: 'string', description: 'a connector token of one tenant' },
    concurrency: { type: 'string', default: '4', valueName: 'N', description: 'requests in flight' },
    duplicates: { type: 'string', default: '0.01', valueName: 'SHARE', description: 'share of events sent twice (0 to 1)' },
    live: { type: 'boolean', default: false, description: 'keep pushing after the backfill, until Ctrl-C' },
    replay: { type: 'boolean', default: false, description: 'play the dates on the clock instead of backfilling them' },
    speed: { type: 'string', default: '1', valueName: 'X', description: 'clock speed for --live and --replay' },
  },
  examples: [
    'npm run simulate -- push --admin-token "$ADMIN" --devices 2000 --days 10',
    'npm run simulate -- push --token "$CONNECTOR" --days 1 --live --speed 60',
    'npm run simulate -- push --admin-token "$ADMIN" --from 2026-11-16 --days 5 --replay --speed 2000',
  ],
  run: (values) => pushCommand(values),
});

process.exitCode = await commandLine.runProgram(
  {
    name: 'simulate',
    invocation: 'npm run simulate --',
    summary: 'A simulated fleet of school devices (docs/simulator.md): its events, its ground truth, or pushed to Vigie.',
    commands: [generate, truth, push],
  },
  process.argv.slice(2),
);
