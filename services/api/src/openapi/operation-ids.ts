import type { RouteOptions } from 'fastify';

/**
 * The method name of every operation in the OpenAPI document, so generated clients read
 * `client.listDevices()` rather than `getV1Devices`. One table: a route missing here fails the
 * contract test (test/api/openapi-contract.test.ts), a name here without its route too.
 */
export const OPERATION_IDS: Record<string, string> = {
  'POST /v1/ingest/events': 'pushEvents',
  'GET /v1/ingest/failures': 'listIngestFailures',
  'POST /v1/ingest/failures/:id/replay': 'replayIngestFailure',
  'GET /v1/devices': 'listDevices',
  'GET /v1/devices/:id': 'getDevice',
  'GET /v1/devices/:id/activity': 'getDeviceActivity',
  'GET /v1/devices/:id/provenance': 'getDeviceProvenance',
  'GET /v1/devices/duplicates': 'listDeviceDuplicates',
  'GET /v1/establishments': 'listEstablishments',
  'POST /v1/establishments': 'createEstablishment',
  'PATCH /v1/establishments/:uai': 'updateEstablishment',
  'GET /v1/establishments/:uai/daily': 'getEstablishmentDaily',
  'GET /v1/establishments/:uai/carts': 'listCarts',
  'POST /v1/establishments/:uai/carts': 'createCart',
  'GET /v1/establishments/:uai/activity': 'getEstablishmentActivity',
  'GET /v1/establishments/:uai/app-usage': 'getEstablishmentAppUsage',
  'GET /v1/fleet/summary': 'getFleetSummary',
  'GET /v1/fleet/activity': 'getFleetActivity',
  'POST /v1/tenants': 'createTenant',
  'GET /v1/tenants': 'listTenants',
  'POST /v1/tenants/:tenantId/tokens': 'createTenantToken',
  'GET /v1/carts/:id/utilisation': 'getCartUtilisation',
  'GET /v1/obsolescence': 'getObsolescence',
  'GET /v1/obsolescence/rules': 'getObsolescenceRules',
  'PUT /v1/obsolescence/rules': 'setObsolescenceRules',
  'PUT /v1/unit-prices': 'setUnitPrices',
  'GET /v1/renewal-forecast': 'getRenewalForecast',
  'GET /v1/bi/:view': 'exportBiView',
  'GET /v1/comparisons': 'getComparisons',
  'POST /v1/cohorts': 'createCohort',
  'GET /v1/cohorts': 'listCohorts',
  'GET /v1/cohorts/comparison': 'compareCohorts',
  'GET /v1/app-catalog': 'getAppCatalog',
  'PUT /v1/app-catalog': 'setAppCatalog',
  'GET /v1/sources': 'listSources',
  'POST /v1/sources': 'createSource',
  'GET /v1/sources/:id': 'getSource',
  'PATCH /v1/sources/:id': 'updateSource',
  'DELETE /v1/sources/:id': 'deleteSource',
  'POST /v1/sources/:id/sync': 'syncSource',
  'GET /v1/sources/:id/runs': 'listSyncRuns',
  'POST /v1/assets/import': 'importAssetRegister',
  'GET /v1/assets/reconciliation': 'getAssetReconciliation',
  'GET /v1/alerts': 'listAlerts',
  'GET /v1/alerts/:id': 'getAlert',
  'POST /v1/alerts/:id/acknowledge': 'acknowledgeAlert',
  'POST /v1/alerts/:id/resolve': 'resolveAlert',
  'POST /v1/alerts/:id/snooze': 'snoozeAlert',
  'GET /v1/alert-rules': 'listAlertRules',
  'POST /v1/alert-rules': 'createAlertRule',
  'GET /v1/alert-rules/:id': 'getAlertRule',
  'PATCH /v1/alert-rules/:id': 'updateAlertRule',
  'DELETE /v1/alert-rules/:id': 'deleteAlertRule',
  'GET /v1/notification-endpoints': 'listNotificationEndpoints',
  'POST /v1/notification-endpoints': 'createNotificationEndpoint',
  'PATCH /v1/notification-endpoints/:id': 'updateNotificationEndpoint',
  'DELETE /v1/notification-endpoints/:id': 'deleteNotificationEndpoint',
  'GET /v1/notification-endpoints/:id/deliveries': 'listNotificationDeliveries',
  'POST /v1/notification-endpoints/:id/test': 'testNotificationEndpoint',
  'GET /v1/version': 'getVersion',
  'GET /healthz': 'getHealth',
  'GET /readyz': 'getReadiness',
};

/** onRoute hook: gives each documented route its operationId from the table (a route's own wins). */
export function nameOperation(route: RouteOptions) {
  const schema = route.schema as { operationId?: string; hide?: boolean } | undefined;
  if (!schema || schema.hide) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  schema.operationId ??= OPERATION_IDS[`${methods[0]} ${route.url}`];
}
