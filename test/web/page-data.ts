import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';

// Reading what a page shows, as text: figures are compared with the REST API's, formatted the
// French way by the test itself.

export const frNumber = (n: number) => new Intl.NumberFormat('fr-FR').format(n);

/** The text of every body cell of the table in the page section titled `section`, row by row. */
export function tableRows(page: Page, section: string): Promise<string[][]> {
  // A string expression: the tests are type-checked without the DOM library.
  return page.evaluate<string[][]>(`[...document.querySelectorAll('main section')]
    .filter((s) => s.querySelector('h2')?.textContent.trim() === ${JSON.stringify(section)})
    .flatMap((s) => [...s.querySelectorAll('table tbody tr')])
    .map((row) => [...row.children].map((cell) => cell.textContent.trim()))`);
}

/** The value of a key figure (`<Stat>`) by its label. */
export const statValue = (page: Page, label: string) =>
  page.locator('.stat', { has: page.locator('.stat-label', { hasText: label }) }).locator('.stat-value');

/** Parses the dashboard's CSV (UTF-8 with BOM, ";" separated, CRLF, quoted cells); the API's is "," separated. */
export function parseCsv(text: string, separator = ';'): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\r') continue;
    else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) rows.push([...row, cell]);
  return rows;
}

/** Clicks a CSV button and returns the downloaded file's rows. */
export async function downloadCsv(page: Page, button: Locator, separator = ';'): Promise<{ name: string; rows: string[][] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), rows: parseCsv(await readFile(path, 'utf8'), separator) };
}
