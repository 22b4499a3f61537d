import type { z } from 'zod';

/**
 * A zod refinement for lists whose items must differ by `key`: each repeat is an issue at its index
 * (and `field`, when given), saying which earlier item it repeats. Which of two would win is not the
 * caller's to guess.
 */
export function uniqueBy<T>(key: (item: T) => string, repeats: (item: T, first: number) => string, field?: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const first = seen.get(key(item));
      if (first === undefined) seen.set(key(item), index);
      else ctx.addIssue({ code: 'custom', path: field ? [index, field] : [index], message: repeats(item, first) });
    });
  };
}
