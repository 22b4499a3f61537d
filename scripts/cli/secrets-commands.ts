import { commandLine } from '@vigie/config';
import { sealedSecrets, secretBox } from '@vigie/store';
import { withDatabase } from './open-database.ts';

const { defineCommand } = commandLine;

export const secretsRotate = defineCommand({
  name: 'secrets-rotate',
  summary: 'seal every stored secret (MDM credentials, webhook and OIDC secrets) again with SECRETS_KEY',
  details: [
    'run it with the new key as SECRETS_KEY and the old one as SECRETS_KEY_PREVIOUS, then remove SECRETS_KEY_PREVIOUS (docs/security.md)',
    'one transaction; values already under SECRETS_KEY are left alone, so running it again changes nothing',
    'prints a line per table on stderr, the counts as JSON on stdout; exits 1 if a value opens with neither key',
  ],
  options: {},
  examples: [
    'npm run vigie -- secrets-rotate   # with SECRETS_KEY=<new key> and SECRETS_KEY_PREVIOUS=<old key> in the environment',
    'npm run vigie -- secrets-rotate   # after upgrading, with SECRETS_KEY only: gives older values their key id',
  ],
  async run() {
    const counts = await withDatabase(async (db, config) => {
      const keys = secretBox.keyring(config.secrets);
      return sealedSecrets.resealAll(db, keys, (c) =>
        console.error(`${c.table}: ${c.values} sealed, ${c.resealed} resealed, ${c.unreadable} unreadable`),
      );
    });
    const total = (field: 'values' | 'resealed' | 'unreadable') => counts.reduce((n, c) => n + c[field], 0);
    console.log(JSON.stringify({ values: total('values'), resealed: total('resealed'), unreadable: total('unreadable'), tables: counts }));
    if (total('unreadable')) {
      throw new Error(
        `${total('unreadable')} value(s) open with neither SECRETS_KEY nor SECRETS_KEY_PREVIOUS: keep the previous key until they are entered again`,
      );
    }
  },
});
