import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { redeploymentChecks } from './redeployment-fleet.ts';

// The redeployment count against the device list's filter, with the statement triggers of plain PostgreSQL
// (and 0073's row triggers under the citus project, which runs this file on a cluster).
const env = useTestEnv();
const [t] = useTenants(env, 'redeployment-count');
redeploymentChecks(env, t);
