// `npm run migrate`: applies migrations/ and creates the partitions of the retention window.
import { loadConfig } from '@vigie/config';
import { createDb, prepareDatabase } from '@vigie/store';

const config = loadConfig();
const db = createDb({ url: config.db.url, poolMax: 2, applicationName: 'vigie-migrate' });
try {
  const result = await prepareDatabase(db, config.db.url, config.retention);
  console.log(
    `migrations applied: ${result.migrations.applied.length} (${result.migrations.skipped} already), partitions created: ${result.partitions.created.length}`,
  );
} finally {
  await db.destroy();
}
