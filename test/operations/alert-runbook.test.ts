import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The alert names of the Prometheus rule file, in order. */
function alertRules(): string[] {
  const rules = parse(read('infra/prometheus/vigie-alerts.yml')) as { groups: { rules: { alert?: string }[] }[] };
  return rules.groups.flatMap((g) => g.rules.map((r) => r.alert)).filter((a): a is string => Boolean(a));
}

/** The alerts the runbook of docs/operations.md has a row for. */
function runbookEntries(): string[] {
  const doc = read('docs/operations.md');
  const start = doc.indexOf('## Alert runbook');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  return [...section.matchAll(/^\| `(Vigie[A-Za-z]+)` \|/gm)].map((m) => m[1]!);
}

describe('the alert runbook', () => {
  it('has one entry for each alert Prometheus can fire, and none for an alert that does not exist', () => {
    const alerts = alertRules();
    expect(alerts.length).toBeGreaterThanOrEqual(6);
    expect(new Set(alerts).size).toBe(alerts.length);
    expect(runbookEntries().sort()).toEqual([...alerts].sort());
  });

  it('gives every alert a severity and a summary an operator reads first', () => {
    const rules = parse(read('infra/prometheus/vigie-alerts.yml')) as {
      groups: { rules: { alert?: string; labels?: { severity?: string }; annotations?: { summary?: string } }[] }[];
    };
    for (const rule of rules.groups.flatMap((g) => g.rules).filter((r) => r.alert)) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toMatch(/\S/);
    }
  });
});
