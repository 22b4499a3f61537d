import { sql } from 'kysely';
import { beforeAll } from 'vitest';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { offlineCountChecks } from './offline-count-checks.ts';

// The same checks with the row trigger that keeps device_last_seen on Citus instead of the
// statement triggers (migrations 0062, 0070, 0080), swapped in this file's own database.
const env = useTestEnv();
const [t, other] = useTenants(env, 'offline-count-row', { code: 'offline-count-row-other', uai: '0770936Z' });

beforeAll(async () => {
  await sql`DROP TRIGGER device_last_seen_insert ON devices`.execute(env.db);
  await sql`DROP TRIGGER device_last_seen_update ON devices`.execute(env.db);
  await sql`CREATE TRIGGER device_last_seen_row AFTER INSERT OR UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION device_last_seen_row()`.execute(
    env.db,
  );
});

offlineCountChecks(env, t, other);
