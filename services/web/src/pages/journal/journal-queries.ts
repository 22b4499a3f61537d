import { useInfiniteQuery } from '@tanstack/react-query';
import { AuditList } from '@vigie/contracts/web';
import { get, withQuery } from '../../api/client.ts';

/** The journal's filters as the page holds them: calendar days, not instants. */
export interface JournalFilters {
  action: string;
  actor: string;
  from: string;
  to: string;
}

const PAGE_SIZE = 50;

/** A calendar day's start in the browser's time zone, as the API's ISO instant. */
const dayStart = (day: string, plusDays = 0) => {
  const d = new Date(`${day}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
};

/** The API's query for the filters: `to` is inclusive on the page, so it ends at the next midnight. */
export function auditQuery(filters: JournalFilters): Record<string, string | undefined> {
  return {
    action: filters.action || undefined,
    actor: filters.actor.trim() || undefined,
    from: filters.from ? dayStart(filters.from) : undefined,
    to: filters.to ? dayStart(filters.to, 1) : undefined,
  };
}

/** GET /v1/audit, newest first, one page of 50 at a time ("plus ancien" loads the next). */
export function useJournal(filters: JournalFilters) {
  const query = auditQuery(filters);
  return useInfiniteQuery({
    queryKey: ['audit', query],
    queryFn: ({ pageParam, signal }) => get(withQuery('/v1/audit', { ...query, limit: PAGE_SIZE, cursor: pageParam }), AuditList, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The same filters as a CSV address (GET /v1/audit.csv): the session cookie authorises the download. */
export const journalCsvPath = (filters: JournalFilters) => withQuery('/v1/audit.csv', auditQuery(filters));
