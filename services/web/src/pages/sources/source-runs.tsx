import type { z } from 'zod';
import type { Source, SyncRun } from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { useRuns } from './source-queries.ts';

type Run = z.infer<typeof SyncRun>;

/** "code:field" -> count, in words a person can act on ("unknown_establishment:establishment_uai × 3"). */
const rejections = (r: Run) =>
  Object.entries(r.rejections)
    .map(([reason, n]) => `${reason} × ${n}`)
    .join(' ; ');

export function SourceRuns({ source }: { source: z.infer<typeof Source> }) {
  const { t, f } = useI18n();
  const runs = useRuns(source.id);
  const columns: Column<Run>[] = [
    { label: t('sources.run.started'), text: (r) => f.dateTime(r.started_at, source.time_zone) },
    { label: t('sources.run.trigger'), text: (r) => t(`sources.trigger.${r.trigger}` as MessageKey) },
    { label: t('overview.col.state'), text: (r) => t(`sources.run.${r.status}` as MessageKey) },
    {
      label: t('sources.run.duration'),
      text: (r) => (r.duration_ms === null ? '—' : `${f.decimal(r.duration_ms / 1000, 1)} s`),
      numeric: true,
    },
    { label: t('sources.run.seen'), text: (r) => f.number(r.records_seen), numeric: true },
    { label: t('sources.run.created'), text: (r) => f.number(r.devices_created), numeric: true },
    { label: t('sources.run.updated'), text: (r) => f.number(r.devices_updated), numeric: true },
    { label: t('sources.run.accepted'), text: (r) => f.number(r.events_accepted), numeric: true },
    { label: t('sources.run.rejected'), text: (r) => f.number(r.rejected), numeric: true },
    { label: t('sources.run.rejections'), text: rejections },
    { label: t('sources.run.error'), text: (r) => (r.error_code ? `${r.error_code}${r.error ? ` : ${r.error}` : ''}` : '') },
  ];
  const title = t('sources.runsOf', { name: source.name });
  return (
    <Section title={title} actions={<CsvButton name={title} columns={columns} rows={runs.data?.items ?? []} />}>
      <QueryState query={runs} isEmpty={(d) => d.items.length === 0} empty={t('sources.noRuns')}>
        {(d) => <DataTable caption={title} captionHidden columns={columns} rows={d.items} rowKey={(r) => r.id} />}
      </QueryState>
    </Section>
  );
}
