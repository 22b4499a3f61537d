import { isUnreachable } from '@vigie/store';

// Beyond PostgreSQL being unreachable, SQLSTATE classes a retry can fix: transaction rollback (40:
// serialization, deadlock), operator intervention (57: cancel, shutdown), system errors (58).
const TRANSIENT_CLASSES = new Set(['40', '57', '58']);

/** Whether a storage failure may pass on its own (PostgreSQL away or busy), rather than being caused by what is stored. */
export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return isUnreachable(error) || (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && TRANSIENT_CLASSES.has(code.slice(0, 2)));
}

export interface Poison<E> {
  index: number;
  event: E;
  reason: string;
}

/**
 * Finds the items of a batch that cannot be stored, by storing halves of it, then halves of the
 * half that failed, down to single items: k poison items among n cost about 2·k·log2(n) attempts,
 * and every valid item ends up stored (each attempt commits on its own; storing is idempotent, so
 * the batch stored later over the same items counts nothing twice). A transient failure stops the
 * search, and so do more than `maxPoison` bad items (not poison items, a batch failing whole): the
 * whole batch is then retried as it is.
 */
export async function isolateItems<E>(
  events: readonly E[],
  maxPoison: number,
  store: (events: E[]) => Promise<void>,
): Promise<{ stored: number; poison: Poison<E>[] }> {
  const poison: Poison<E>[] = [];
  let stored = 0;
  async function attempt(from: number, to: number, knownToFail: boolean) {
    if (!knownToFail) {
      try {
        await store(events.slice(from, to));
        stored += to - from;
        return;
      } catch (error) {
        if (isTransient(error)) throw error;
        if (to - from === 1) {
          poison.push({ index: from, event: events[from]!, reason: (error as Error).message });
          if (poison.length > maxPoison) throw new Error(`more than ${maxPoison} items fail: the batch fails as a whole`, { cause: error });
          return;
        }
      }
    }
    const middle = from + Math.ceil((to - from) / 2);
    await attempt(from, middle, false);
    await attempt(middle, to, false);
  }
  if (events.length > 0) await attempt(0, events.length, events.length > 1);
  return { stored, poison };
}
