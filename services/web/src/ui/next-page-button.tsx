/** The paging state of an infinite query that the button reads and drives. */
interface Paged {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage(): Promise<unknown>;
}

/** Under a list read page by page: shown while the API has a next page, disabled while it loads. */
export function NextPageButton({ query, label }: { query: Paged; label: string }) {
  return query.hasNextPage ? (
    <button type="button" className="button secondary" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
      {label}
    </button>
  ) : null;
}
