import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../../scripts/stack/chromium.ts';

/**
 * Whether the browser tests can run. Outside CI a machine without Chromium skips them (setup.sh said
 * so); in CI a missing browser is a failure, so the tests never pass by not running.
 */
export function browserAvailable(): boolean {
  const found = existsSync(CHROMIUM_PATH);
  if (!found && process.env.CI === 'true')
    throw new Error(`CI=true but no Chromium at ${CHROMIUM_PATH}: scripts/setup.sh installs it as root`);
  return found;
}

export const launchBrowser = launchChromium;

const axeSource: string = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Impacts that fail the check: RGAA 4.1 / WCAG 2.1 AA as the issue sets it (zero serious or critical). */
const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page and returns its serious and critical violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // Expressions as strings: the tests are type-checked without the DOM library.
  if (!(await page.evaluate<boolean>("typeof window.axe === 'object'"))) await page.addScriptTag({ content: axeSource });
  const options = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };
  const result = await page.evaluate<{ violations: AxeViolation[] }>(`window.axe.run(document, ${JSON.stringify(options)})`);
  return result.violations
    .filter((v) => BLOCKING.has(v.impact ?? ''))
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
}

/** Fails with every serious or critical violation, each with the elements it was found on. */
export async function expectAccessible(page: Page, what = page.url()) {
  const violations = await axeViolations(page);
  if (violations.length === 0) return;
  const lines = violations.map(
    (v) =>
      `  ${v.impact} ${v.id}: ${v.help} (${v.nodes
        .slice(0, 5)
        .map((n) => n.target.join(' '))
        .join(', ')})`,
  );
  throw new Error(`${violations.length} serious or critical axe violation(s) on ${what}:\n${lines.join('\n')}`);
}
