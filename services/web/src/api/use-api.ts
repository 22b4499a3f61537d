import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { z } from 'zod';
import { get } from './client.ts';

/** A GET of the API, cached under its path (the path holds the query string, so it is the key). */
export function useApi<S extends z.ZodType>(path: string | null, schema: S, key?: readonly unknown[]): UseQueryResult<z.infer<S>> {
  return useQuery({
    queryKey: key ?? ['api', path],
    queryFn: ({ signal }) => get(path!, schema, signal),
    enabled: path !== null,
  });
}
