import { readFileSync } from 'node:fs';

const SAMPLES = new URL('../../../test/fixtures/mdm-samples/', import.meta.url);

/** A sample response body from test/fixtures/mdm-samples (the `_fixture` wrapper removed). */
export function loadSample(path: string): unknown {
  const parsed = JSON.parse(readFileSync(new URL(path, SAMPLES), 'utf8')) as { _fixture?: unknown; body?: unknown };
  return parsed._fixture ? parsed.body : parsed;
}

/** Every e-mail address or listed name found anywhere in the mapped output. */
export function personalText(value: unknown, names: string[]): string[] {
  const text = JSON.stringify(value);
  const hits = text.match(/[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi) ?? [];
  return [...hits, ...names.filter((n) => text.toLowerCase().includes(n.toLowerCase()))];
}
