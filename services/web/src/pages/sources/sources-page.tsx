import { useState } from 'react';
import type { z } from 'zod';
import type { SourceStatus } from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { apiErrors } from '../../ui/form-errors.ts';
import { FormError } from '../../ui/field.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { SourceForm } from './source-form.tsx';
import { sourceKindKey } from './source-kind-key.ts';
import { SourceRuns } from './source-runs.tsx';
import { useLastRuns, useSources, useSyncNow } from './source-queries.ts';

type SourceRow = z.infer<typeof SourceStatus>;

/** Pulled MDM sources: their state and last sync, create and edit, sync now, and each one's runs. */
export function SourcesPage() {
  const { t, f } = useI18n();
  const sources = useSources();
  const items = sources.data?.items ?? [];
  const lastRuns = useLastRuns(items.map((s) => s.id));
  const sync = useSyncNow();
  const [editing, setEditing] = useState<SourceRow | 'new' | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const lastOf = (s: SourceRow) => lastRuns[items.indexOf(s)]?.data?.items[0];
  const columns: Column<SourceRow>[] = [
    { label: t('sources.col.name'), text: (s) => s.name },
    { label: t('sources.col.kind'), text: (s) => t(sourceKindKey(s.kind)) },
    { label: t('sources.col.enabled'), text: (s) => t(s.enabled ? 'sources.enabled' : 'sources.disabled') },
    { label: t('sources.col.schedule'), text: (s) => s.schedule ?? t('sources.manualOnly') },
    {
      label: t('sources.col.lastRun'),
      text: (s) => {
        const r = lastOf(s);
        return r ? `${t(`sources.run.${r.status}` as MessageKey)} · ${f.dateTime(r.started_at, s.time_zone)}` : t('sources.never');
      },
    },
    { label: t('sources.col.lastRejected'), text: (s) => f.number(lastOf(s)?.rejected ?? null), numeric: true },
  ];
  const withActions: Column<SourceRow>[] = [
    ...columns,
    {
      label: t('alerts.col.actions'),
      text: () => '',
      render: (s) => (
        <span className="row-actions">
          <button
            type="button"
            className="button"
            disabled={sync.isPending}
            onClick={() => {
              setShown(s.id);
              sync.mutate(s.id);
            }}
          >
            {t('sources.syncNow')}
            <span className="visually-hidden"> {s.name}</span>
          </button>
          <button type="button" className="button secondary" onClick={() => setShown(s.id)}>
            {t('sources.runs')}
            <span className="visually-hidden"> {s.name}</span>
          </button>
          <button type="button" className="button secondary" onClick={() => setEditing(s)}>
            {t('form.edit')}
            <span className="visually-hidden"> {s.name}</span>
          </button>
        </span>
      ),
    },
  ];
  const shownSource = items.find((s) => s.id === shown);
  return (
    <>
      <h1>{t('sources.title')}</h1>
      <p className="intro">{t('sources.intro')}</p>
      <Section
        title={t('sources.list')}
        actions={
          <>
            <button type="button" className="button" onClick={() => setEditing('new')}>
              {t('sources.new')}
            </button>
            <CsvButton name={t('sources.list')} columns={columns} rows={items} />
          </>
        }
      >
        {editing ? <SourceForm source={editing === 'new' ? null : editing} done={() => setEditing(null)} /> : null}
        {sync.isSuccess ? (
          <p className="notice" role="status">
            {t('sources.syncQueued')}
          </p>
        ) : null}
        {sync.isError ? <FormError errors={apiErrors(sync.error)} /> : null}
        <QueryState query={sources} isEmpty={(d) => d.items.length === 0} empty={t('sources.none')}>
          {(d) => <DataTable caption={t('sources.list')} captionHidden columns={withActions} rows={d.items} rowKey={(s) => s.id} />}
        </QueryState>
      </Section>
      {shownSource ? <SourceRuns source={shownSource} /> : null}
    </>
  );
}
