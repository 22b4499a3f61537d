// PostgreSQL's text types refuse the NUL character (SQLSTATE 22021 in text, 22P05 in jsonb); every
// other code point JavaScript can hold is stored (a lone surrogate is written as U+FFFD by the
// UTF-8 encoder). One such value must fail its own item, never the batch it travels in.
const MAX_DEPTH = 8;

/** The path of the first key or string value PostgreSQL cannot store as text, or null. */
export function findUnstorableText(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || null : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], path ? `${path}.${i}` : String(i), depth + 1);
      if (found !== null) return found;
    }
    return null;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at.replaceAll('\u0000', '\\u0000');
    const found = findUnstorableText((value as Record<string, unknown>)[key], at, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Whether a string can be stored as PostgreSQL text (no NUL character). */
export const isStorableText = (value: string) => !value.includes('\u0000');
