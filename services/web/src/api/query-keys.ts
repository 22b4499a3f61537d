// Cache keys shared by the pages and the live stream, so a live update lands where a page reads.
export const queryKeys = {
  fleetSummary: ['fleet-summary'] as const,
  establishmentCounts: (uai: string) => ['establishment-counts', uai] as const,
  alertsRoot: ['alerts'] as const,
  alerts: (query: Record<string, unknown>) => ['alerts', query] as const,
  establishments: ['establishments'] as const,
};
