export { createRegistry } from './registry.ts';
export { startMetricsServer, type MetricsListenOptions } from './metrics-server.ts';
export { Counter, Gauge, Histogram, type Registry } from 'prom-client';
