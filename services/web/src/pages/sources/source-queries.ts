import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { Source, SourceList, SyncQueued, SyncRunList } from '@vigie/contracts/web';
import { get, send } from '../../api/client.ts';

// What the Sources MDM page reads and writes (docs/api.md, "Pulled MDM sources").

export const sourcesKey = ['sources'] as const;
const runsKey = (id: string, limit: number) => [...sourcesKey, 'runs', id, limit] as const;

export const useSources = () => useQuery({ queryKey: sourcesKey, queryFn: ({ signal }) => get('/v1/sources', SourceList, signal) });

/** The last run of each source, for the list's status column (one small request per source). */
export const useLastRuns = (ids: readonly string[]) =>
  useQueries({
    queries: ids.map((id) => ({
      queryKey: runsKey(id, 1),
      queryFn: ({ signal }: { signal: AbortSignal }) => get(`/v1/sources/${id}/runs?limit=1`, SyncRunList, signal),
    })),
  });

export const useRuns = (id: string) =>
  useQuery({ queryKey: runsKey(id, 20), queryFn: ({ signal }) => get(`/v1/sources/${id}/runs?limit=20`, SyncRunList, signal) });

export function useSaveSource() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: unknown }) =>
      id ? send('PATCH', `/v1/sources/${id}`, body, Source) : send('POST', '/v1/sources', body, Source),
    onSuccess: () => client.invalidateQueries({ queryKey: sourcesKey }),
  });
}

/** "Synchroniser maintenant": queued at once; the runs are read again so the new one shows. */
export function useSyncNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => send('POST', `/v1/sources/${id}/sync`, {}, SyncQueued),
    onSuccess: (_data, id) => {
      void client.invalidateQueries({ queryKey: [...sourcesKey, 'runs', id] });
      // The worker picks the job up within seconds: read the runs again shortly after.
      setTimeout(() => void client.invalidateQueries({ queryKey: [...sourcesKey, 'runs', id] }), 3_000);
    },
  });
}
