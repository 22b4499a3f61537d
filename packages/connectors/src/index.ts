export type { Connector, DeviceRecord, PullPage, SourceSettings, UsageRecord } from './connector.ts';
export { connectorFor, registeredKinds } from './registry.ts';
export { createHttpClient, type HttpClient, type HttpOptions } from './http/http-client.ts';
export { ConnectorError, type ConnectorErrorCode } from './http/errors.ts';
export { collect, type Collected } from './sync/collect.ts';
export { planEvents, emptyState, SyncState, type Plan } from './sync/plan-events.ts';
