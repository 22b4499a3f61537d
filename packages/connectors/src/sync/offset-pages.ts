/**
 * Offset paging (page numbers or ranges) to the end: stops on a short or empty page, or once the
 * total the MDM reports (re-read on every page, since it moves while the list shifts) is reached.
 * Items that shift across a page boundary come twice (collect() keeps one) or are missed until the
 * next sync: offset paging cannot do better without a stable sort key.
 */
export async function* offsetPages<T>(pageSize: number, fetchPage: (index: number) => Promise<{ items: T[]; total: number | null }>): AsyncIterable<T[]> {
  for (let index = 0; ; index++) {
    const { items, total } = await fetchPage(index);
    yield items;
    const seen = (index + 1) * pageSize;
    if (items.length < pageSize || (total !== null && seen >= total)) return;
  }
}
