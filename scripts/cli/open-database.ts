import { loadConfig, type Config } from '@vigie/config';
import { createDb, prepareDatabase, type Db } from '@vigie/store';

/** Runs `work` on the configured database, migrated first (every command may be the first one run). */
export async function withDatabase<T>(work: (db: Db, config: Readonly<Config>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const db = createDb({ url: config.db.url, poolMax: 2, applicationName: 'vigie-cli' });
  try {
    await prepareDatabase(db, config.db.url, config.retention);
    return await work(db, config);
  } finally {
    await db.destroy();
  }
}
