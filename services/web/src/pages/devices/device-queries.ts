import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { DeviceDetail, DevicePage, DeviceProvenance, DuplicateList, EstablishmentList } from '@vigie/contracts/web';
import { get, withQuery } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';

// What the Appareils page reads: GET /v1/devices (keyset pages), /v1/devices/{id}, its provenance,
// and the duplicates to review (docs/api.md, "Reading the fleet" and "One device, many sources").

export const PAGE_SIZE = 50;

/** The list's filters, as the address carries them. */
export interface DeviceFilters {
  q: string | null;
  establishment: string | null;
  kind: string | null;
  status: string | null;
  /** idle, offline or an obsolescence reason ("obsolete:any", "obsolete:battery"). */
  state: string | null;
}

function listQuery(filters: DeviceFilters) {
  const [flag, reason] = (filters.state ?? '').split(':');
  return {
    q: filters.q,
    establishment: filters.establishment,
    kind: filters.kind,
    status: filters.status,
    idle: flag === 'idle' ? 'true' : null,
    offline: flag === 'offline' ? 'true' : null,
    obsolete: flag === 'obsolete' ? (reason ?? 'any') : null,
    limit: PAGE_SIZE,
  };
}

export function useDevices(filters: DeviceFilters) {
  return useInfiniteQuery({
    queryKey: ['devices', filters],
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => get(withQuery('/v1/devices', { ...listQuery(filters), cursor: pageParam }), DevicePage, signal),
    getNextPageParam: (last) => last.next_cursor,
  });
}

export const useEstablishments = () =>
  useQuery({
    queryKey: queryKeys.establishments,
    queryFn: ({ signal }) => get('/v1/establishments', EstablishmentList, signal),
    staleTime: 5 * 60_000,
  });

export const useDevice = (id: string) =>
  useQuery({ queryKey: ['device', id], queryFn: ({ signal }) => get(`/v1/devices/${encodeURIComponent(id)}`, DeviceDetail, signal) });

export const useProvenance = (id: string) =>
  useQuery({
    queryKey: ['device-provenance', id],
    queryFn: ({ signal }) => get(`/v1/devices/${encodeURIComponent(id)}/provenance`, DeviceProvenance, signal),
  });

export const useDuplicates = (enabled: boolean) =>
  useQuery({
    queryKey: ['device-duplicates'],
    enabled,
    queryFn: ({ signal }) => get('/v1/devices/duplicates?limit=200', DuplicateList, signal),
  });
