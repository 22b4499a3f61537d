// Operator CLI: `npm run vigie -- <command> [options]`. The first platform administrator token comes
// from here; everything else can then go through the REST API. Each command lives in scripts/cli/.
import { commandLine } from '@vigie/config';
import { backup, restore } from './cli/backup-commands.ts';
import { calendarImport } from './cli/calendar-commands.ts';
import { migrate } from './cli/migrate-command.ts';
import { outboundAllow } from './cli/outbound-commands.ts';
import { loginLink } from './cli/sign-in-commands.ts';
import { annuaireImport, biUser, tenantCreate } from './cli/tenant-commands.ts';
import { adminToken, tokenCreate } from './cli/token-commands.ts';

process.exitCode = await commandLine.runProgram(
  {
    name: 'vigie',
    invocation: 'npm run vigie --',
    summary: 'Operate a Vigie installation: database, tenants, tokens, sign-in links, reference data, outbound exceptions, backups.',
    commands: [migrate, adminToken, tenantCreate, tokenCreate, loginLink, annuaireImport, calendarImport, biUser, outboundAllow, backup, restore],
  },
  process.argv.slice(2),
);
