import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * One registry per process, with Node's process metrics (CPU, memory, event-loop lag, handles).
 * Labels stay bounded: queue names, routes, status codes, MDM systems; never a device or tenant.
 */
export function createRegistry(processName: 'api' | 'worker'): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ process: processName });
  collectDefaultMetrics({ register: registry, prefix: 'vigie_' });
  return registry;
}
