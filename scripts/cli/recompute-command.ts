import { setTimeout as sleep } from 'node:timers/promises';
import { commandLine } from '@vigie/config';
import { progressBar } from '@vigie/simulator';
import { establishments, recomputeRuns, type Db } from '@vigie/store';
import { requestRecompute } from '../../services/api/src/recompute/request-recompute.ts';
import { withQueues } from './open-queues.ts';
import { defineTenantCommand, withTenant } from './tenant-command.ts';

const { UsageError } = commandLine;

// A bar that moves every half second is alive to the eye; each look is one indexed count.
const LOOK_EVERY_MS = 500;

function dateOption(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const at = Date.parse(`${value}T00:00:00Z`);
  // Date.parse rolls 2026-02-30 over to March: the day must come back as written.
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(at) && new Date(at).toISOString().startsWith(value);
  if (!valid) throw new UsageError(`--${name} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

type Run = recomputeRuns.RecomputeRun;

/** Follows a run until the workers have rolled up every day it marked, drawing a bar of its days. */
async function follow(db: Db, tenantId: string, run: Run): Promise<Run> {
  const bar = progressBar('recompute', run.days_total, 'days');
  for (;;) {
    const current = (await recomputeRuns.find(db, tenantId, run.id)) ?? run;
    const left = current.finished_at ? 0 : await recomputeRuns.remaining(db, tenantId, current);
    bar.update(run.days_total - left);
    if (current.finished_at) {
      bar.finish();
      return current;
    }
    await sleep(LOOK_EVERY_MS);
  }
}

export const recompute = defineTenantCommand({
  name: 'recompute',
  summary: "recompute a tenant's rolled-up days (after an upgrade that changes a formula) and show its progress",
  details: [
    'Marks the days already rolled up (all establishments, or those of --uai) from --from to --to, both within',
    'RECOMPUTE_SCHOOL_YEARS, and queues the same recompute as a change of settings or calendar. The workers do',
    'the work; this command follows it with a progress bar until every day is done (Ctrl-C stops following,',
    'not the recompute; --no-wait does not follow). GET /v1/recompute shows it too, with reason "operator".',
  ],
  options: {
    uai: { type: 'string', multiple: true, description: 'only this establishment' },
    from: { type: 'string', valueName: 'YYYY-MM-DD', description: 'first day (default: the start of the horizon)' },
    to: { type: 'string', valueName: 'YYYY-MM-DD', description: 'last day (default: today)' },
    'no-wait': { type: 'boolean', description: 'queue the recompute and exit without following it' },
  },
  examples: [
    'npm run vigie -- recompute --tenant d077',
    'npm run vigie -- recompute --tenant d077 --uai 0770934X --from 2026-09-01 --to 2026-12-04',
    'npm run vigie -- recompute --tenant d077 --no-wait',
  ],
  async run(values, code) {
    const from = dateOption('from', values.from);
    const to = dateOption('to', values.to);
    if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
    await withTenant(code, async (db, tenant, config) => {
      const uais = values.uai ?? [];
      const ids = uais.length ? await establishments.idsByUai(db, tenant.id, uais) : null;
      const unknown = uais.filter((u) => !ids?.has(u));
      if (unknown.length) throw new UsageError(`no establishment with UAI ${unknown.join(', ')} in tenant ${code} (--uai)`);
      const range = from || to ? { from: from ?? '0001-01-01', to: to ?? '9999-12-31' } : undefined;
      const run = await withQueues(config, (queues) =>
        requestRecompute({ db, queues, config }, tenant.id, 'operator', ids ? [...ids.values()] : null, range),
      );
      if (!run) {
        console.log(
          JSON.stringify({
            run: null,
            days_total: 0,
            note: `nothing to recompute: the days asked are outside the last ${config.recompute.schoolYears} school years`,
          }),
        );
        return;
      }
      const done = values['no-wait'] || run.finished_at ? run : await follow(db, tenant.id, run);
      console.log(
        JSON.stringify({
          run: run.id,
          from: run.from_day,
          to: run.to_day,
          days_total: run.days_total,
          status: done.finished_at ? 'done' : 'running',
        }),
      );
    });
  },
});
