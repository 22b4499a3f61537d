import { sql } from 'kysely';
import { beforeAll } from 'vitest';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { redeploymentChecks } from './redeployment-fleet.ts';

// The same checks with the row triggers Citus gets instead of the statement triggers (migration
// 0073), swapped in this file's own database.
const env = useTestEnv();
const [t] = useTenants(env, 'redeployment-row-triggers');

beforeAll(async () => {
  for (const [trigger, table] of [
    ['idle_streaks_devices_update', 'devices'],
    ['idle_streaks_flags_insert', 'device_obsolescence'],
    ['idle_streaks_flags_update', 'device_obsolescence'],
    ['idle_streaks_flags_delete', 'device_obsolescence'],
  ])
    await sql`DROP TRIGGER ${sql.id(trigger!)} ON ${sql.id(table!)}`.execute(env.db);
  await sql`CREATE TRIGGER idle_streaks_device_row AFTER UPDATE ON devices FOR EACH ROW EXECUTE FUNCTION idle_streaks_device_row()`.execute(
    env.db,
  );
  await sql`CREATE TRIGGER idle_streaks_flag_row AFTER INSERT OR UPDATE OR DELETE ON device_obsolescence
    FOR EACH ROW EXECUTE FUNCTION idle_streaks_flag_row()`.execute(env.db);
});

redeploymentChecks(env, t);
