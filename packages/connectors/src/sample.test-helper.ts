import { readFileSync } from 'node:fs';

const SAMPLES = new URL('../../../test/fixtures/mdm-samples/', import.meta.url);

/** A sample response body from test/fixtures/mdm-samples (the `_fixture` wrapper removed). */
export function loadSample(path: string): unknown {
  const parsed = JSON.parse(readFileSync(new URL(path, SAMPLES), 'utf8')) as { _fixture?: unknown; body?: unknown };
  return parsed._fixture ? parsed.body : parsed;
}

/**
 * Every e-mail address or listed name found in what a mapping passes on. placeKeys are left out:
 * device names (which may embed a first name, "iPad de Sophie") are matched against mapping rules
 * in memory and never sent or stored (plan-events.ts).
 */
export function personalText(value: unknown, names: string[]): string[] {
  const text = JSON.stringify(value, (key, v: unknown) => (key === 'placeKeys' ? undefined : v));
  const hits = text.match(/[^\s@"'<>]+@[^\s@"'<>]+\.[a-z]{2,}/gi) ?? [];
  return [...hits, ...names.filter((n) => text.toLowerCase().includes(n.toLowerCase()))];
}
