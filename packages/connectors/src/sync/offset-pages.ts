import { badResponse } from '../http/errors.ts';

/**
 * Offset paging (page numbers or ranges) to the end: stops on a short or empty page, or once the
 * total the MDM reports (re-read on every page, since it moves while the list shifts) is reached.
 * Items that shift across a page boundary come twice (collect() keeps one) or are missed until the
 * next sync: offset paging cannot do better without a stable sort key.
 */
export async function* offsetPages<T>(
  pageSize: number,
  fetchPage: (index: number) => Promise<{ items: T[]; total: number | null }>,
  sizeOption = 'page_size',
): AsyncIterable<T[]> {
  for (let index = 0; ; index++) {
    const { items, total } = await fetchPage(index);
    yield items;
    const seen = (index + 1) * pageSize;
    if (total !== null && items.length > 0 && items.length < pageSize && index * pageSize + items.length < total) {
      // The server capped the page size: going on would skip devices, stopping would miss them.
      throw badResponse(
        `the MDM answered ${items.length} items for a page of ${pageSize} while it counts ${total}: it caps the page size; set ${sizeOption} to ${items.length} or less`,
      );
    }
    if (items.length < pageSize || (total !== null && seen >= total)) return;
  }
}
