import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { offlineCountChecks } from './offline-count-checks.ts';

// The offline counts against the offline rule, with the statement triggers of plain PostgreSQL.
const env = useTestEnv();
const [t, other] = useTenants(env, 'offline-count', { code: 'offline-count-other', uai: '0770936Z' });
offlineCountChecks(env, t, other);
