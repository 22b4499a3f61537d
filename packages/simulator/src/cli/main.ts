// `npm run simulate -- <command> [options]`: the simulated fleet as files or pushed to a running Vigie.
//   generate  --devices N --days N [--from DATE] [--out FILE|-]      events as NDJSON (or just counted), speed on stderr
//   truth     --devices N --days N [--from DATE] --out DIR           device-days.ndjson + establishment-days.csv
//   push      --url URL (--admin-token T | --token T) --days N [--live --speed X | --replay --speed X] [--concurrency C] [--duplicates 0.01]
// Fleet options for all: --seed N (1) --devices N (5000) --shape departement|territory --establishments N --tenant-prefix P
import { parseArgs } from 'node:util';
import { FleetTooLargeError } from '../fleet/fleet-plan.ts';
import { FLEET_OPTIONS, UsageError } from './cli-options.ts';
import { generateCommand } from './generate-command.ts';
import { pushCommand } from './push-command.ts';
import { truthCommand } from './truth-command.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ...FLEET_OPTIONS,
    out: { type: 'string' },
    url: { type: 'string', default: 'http://127.0.0.1:3000' },
    'admin-token': { type: 'string' },
    token: { type: 'string' },
    concurrency: { type: 'string', default: '4' },
    duplicates: { type: 'string', default: '0.01' },
    live: { type: 'boolean', default: false },
    replay: { type: 'boolean', default: false },
    speed: { type: 'string', default: '1' },
  },
});

try {
  const command = positionals[0];
  if (command === 'generate') await generateCommand(values);
  else if (command === 'truth') await truthCommand({ ...values, out: values.out ?? 'simulation-truth' });
  else if (command === 'push') await pushCommand(values);
  else throw new UsageError(`unknown command "${command ?? ''}": use generate, truth or push (see the header of packages/simulator/src/cli/main.ts or docs/simulator.md)`);
} catch (error) {
  process.stderr.write(`simulate: ${(error as Error).message}\n`);
  process.exitCode = error instanceof UsageError || error instanceof FleetTooLargeError ? 2 : 1;
}
