import { useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { FleetSummary, Role } from '@vigie/contracts/web';
import { topicsFor } from './topics.ts';
import { connectLive, type LiveState } from './stream.ts';
import { queryKeys } from '../api/query-keys.ts';
import { updateFleetSummary } from './fleet-summary-update.ts';

const LiveContext = createContext<LiveState>('connecting');

/** Keeps the page's figures current from /v1/stream: counts replace the cached ones, alerts re-read. */
export function LiveProvider({ role, children }: { role: Role; children: ReactNode }) {
  const queryClient = useQueryClient();
  const [state, setState] = useState<LiveState>('connecting');
  useEffect(() => {
    const topics = topicsFor(role);
    if (topics.length === 0) return;
    return connectLive(topics, {
      onState: setState,
      onGap: () => void queryClient.invalidateQueries(),
      onEvent: ({ event }) => {
        if (event.kind === 'fleet.summary')
          queryClient.setQueryData<FleetSummary>(queryKeys.fleetSummary, (cached) => updateFleetSummary(cached, event.summary));
        else if (event.kind === 'establishment.counts') queryClient.setQueryData(queryKeys.establishmentCounts(event.uai), event.summary);
        else if (event.kind.startsWith('alert.')) void queryClient.invalidateQueries({ queryKey: queryKeys.alertsRoot });
      },
    });
  }, [role, queryClient]);
  return <LiveContext.Provider value={state}>{children}</LiveContext.Provider>;
}

export const useLiveState = () => useContext(LiveContext);
