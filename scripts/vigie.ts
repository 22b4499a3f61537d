// Operator CLI: `npm run vigie -- <command> [options]`. The first platform administrator token comes
// from here; everything else can then go through the REST API. Each command lives in scripts/cli/.
import { commandLine } from '@vigie/config';
import { audit } from './cli/audit-commands.ts';
import { backup, restore } from './cli/backup-commands.ts';
import { biUser, biUserRevoke, biUserRotate } from './cli/bi-user-commands.ts';
import { calendarImport } from './cli/calendar-commands.ts';
import { migrate } from './cli/migrate-command.ts';
import { tenantExport, tenantPurge } from './cli/offboarding-commands.ts';
import { outboundAllow } from './cli/outbound-commands.ts';
import { recompute } from './cli/recompute-command.ts';
import { secretsRotate } from './cli/secrets-commands.ts';
import { loginLink } from './cli/sign-in-commands.ts';
import { annuaireImport, tenantCreate } from './cli/tenant-commands.ts';
import { adminToken, tokenCreate, tokenRevoke } from './cli/token-commands.ts';

process.exitCode = await commandLine.runProgram(
  {
    name: 'vigie',
    invocation: 'npm run vigie --',
    summary:
      'Operate a Vigie installation: database, tenants, tokens, sign-in links, BI logins, secrets, reference data, outbound exceptions, recomputes, backups, offboarding, the journal.',
    commands: [
      migrate,
      adminToken,
      tenantCreate,
      tokenCreate,
      tokenRevoke,
      loginLink,
      annuaireImport,
      calendarImport,
      recompute,
      biUser,
      biUserRotate,
      biUserRevoke,
      secretsRotate,
      outboundAllow,
      backup,
      restore,
      tenantExport,
      tenantPurge,
      audit,
    ],
  },
  process.argv.slice(2),
);
