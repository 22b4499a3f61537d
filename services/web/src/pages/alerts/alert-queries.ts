import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  AlertDetail,
  AlertList,
  AlertRule,
  AlertRuleList,
  NotificationDelivery,
  NotificationDeliveryList,
  NotificationEndpoint,
  NotificationEndpointCreated,
  NotificationEndpointList,
} from '@vigie/contracts/web';
import { get, send, withQuery } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';

// What the Alertes page reads and writes (docs/api.md, "Alerts", "Alert rules", "Notification endpoints").
// Alert lists live under queryKeys.alertsRoot, so the live stream's alert events refresh them.

export type AlertView = 'open' | 'acknowledged' | 'resolved' | 'unresolved';

export const useAlerts = (state: AlertView) =>
  useQuery({
    queryKey: queryKeys.alerts({ state }),
    queryFn: ({ signal }) => get(withQuery('/v1/alerts', { state, limit: 200 }), AlertList, signal),
  });

export const useAlert = (id: string) =>
  useQuery({
    queryKey: [...queryKeys.alertsRoot, 'one', id],
    queryFn: ({ signal }) => get(`/v1/alerts/${encodeURIComponent(id)}`, AlertDetail, signal),
  });

/** Acknowledge or resolve: every alert list and the alert's history are read again. */
export function useAlertAction() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, note }: { id: string; action: 'acknowledge' | 'resolve'; note?: string }) =>
      send('POST', `/v1/alerts/${encodeURIComponent(id)}/${action}`, note ? { note } : {}, Alert),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.alertsRoot }),
  });
}

export const rulesKey = ['alert-rules'] as const;
export const useRules = () => useQuery({ queryKey: rulesKey, queryFn: ({ signal }) => get('/v1/alert-rules', AlertRuleList, signal) });

export function useSaveRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: unknown }) =>
      id ? send('PATCH', `/v1/alert-rules/${id}`, body, AlertRule) : send('POST', '/v1/alert-rules', body, AlertRule),
    onSuccess: () => client.invalidateQueries({ queryKey: rulesKey }),
  });
}

export const endpointsKey = ['notification-endpoints'] as const;
export const useEndpoints = () =>
  useQuery({ queryKey: endpointsKey, queryFn: ({ signal }) => get('/v1/notification-endpoints', NotificationEndpointList, signal) });

export function useSaveEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: unknown }) =>
      id
        ? send('PATCH', `/v1/notification-endpoints/${id}`, body, NotificationEndpoint)
        : send('POST', '/v1/notification-endpoints', body, NotificationEndpointCreated),
    onSuccess: () => client.invalidateQueries({ queryKey: endpointsKey }),
  });
}

export function useTestEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send('POST', `/v1/notification-endpoints/${id}/test`, {}, NotificationDelivery),
    onSettled: (_data, _error, id) => client.invalidateQueries({ queryKey: [...endpointsKey, 'deliveries', id] }),
  });
}

export const useDeliveries = (id: string) =>
  useQuery({
    queryKey: [...endpointsKey, 'deliveries', id],
    queryFn: ({ signal }) => get(`/v1/notification-endpoints/${id}/deliveries`, NotificationDeliveryList, signal),
  });
