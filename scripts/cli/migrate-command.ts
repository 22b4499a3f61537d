import { commandLine } from '@vigie/config';
import { withDatabase } from './open-database.ts';

export const migrate = commandLine.defineCommand({
  name: 'migrate',
  summary: 'apply the migrations this database has not seen and create the partitions of the retention window',
  options: {},
  examples: ['npm run vigie -- migrate', 'DATABASE_URL=postgres://vigie@db/vigie npm run vigie -- migrate'],
  async run() {
    await withDatabase(async () => undefined);
    console.log('database is up to date');
  },
});
