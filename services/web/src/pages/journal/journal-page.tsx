import { useState, type FormEvent } from 'react';
import type { AuditEvent } from '@vigie/contracts/web';
import { useTenantZone } from '../../api/session-context.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { Failure, Loading } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { actionKey, knownActions } from './journal-actions.ts';
import { journalCsvPath, useJournal, type JournalFilters } from './journal-queries.ts';
import { NextPageButton } from '../../ui/next-page-button.tsx';

const noFilter: JournalFilters = { action: '', actor: '', from: '', to: '' };

/** Journal: who did what, when and from where in the tenant (admins and operators), newest first. */
export function JournalPage() {
  const { t, f } = useI18n();
  const zone = useTenantZone();
  const [draft, setDraft] = useState<JournalFilters>(noFilter);
  const [filters, setFilters] = useState<JournalFilters>(noFilter);
  const journal = useJournal(filters);
  const rows = journal.data?.pages.flatMap((p) => p.items) ?? [];
  const label = (action: string) => {
    const text = t(actionKey(action));
    return text === actionKey(action) ? action : text;
  };
  const columns: Column<AuditEvent>[] = [
    { label: t('journal.seq'), text: (e) => String(e.seq), numeric: true },
    { label: t('journal.at'), text: (e) => f.dateTime(e.at, zone) },
    { label: t('journal.action'), text: (e) => label(e.action) },
    { label: t('journal.actor'), text: (e) => `${e.actor.name} (${t(`journal.actorKind.${e.actor.kind}` as MessageKey)})` },
    { label: t('journal.target'), text: (e) => (e.target ? `${e.target.kind}${e.target.id ? ` ${e.target.id}` : ''}` : '') },
    { label: t('journal.address'), text: (e) => e.actor.address ?? '' },
  ];
  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };
  const set = (patch: Partial<JournalFilters>) => setDraft({ ...draft, ...patch });
  return (
    <>
      <h1>{t('journal.title')}</h1>
      <p className="intro">{t('journal.intro')}</p>
      <form className="controls" onSubmit={apply} aria-label={t('journal.filters')}>
        <label>
          {t('journal.action')}
          <select value={draft.action} onChange={(e) => set({ action: e.target.value })}>
            <option value="">{t('journal.allActions')}</option>
            {knownActions.map((a) => (
              <option key={a} value={a}>
                {label(a)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('journal.actor')}
          <input value={draft.actor} onChange={(e) => set({ actor: e.target.value })} />
        </label>
        <label>
          {t('journal.from')}
          <input type="date" value={draft.from} onChange={(e) => set({ from: e.target.value })} />
        </label>
        <label>
          {t('journal.to')}
          <input type="date" value={draft.to} onChange={(e) => set({ to: e.target.value })} />
        </label>
        <button type="submit" className="button">
          {t('journal.apply')}
        </button>
      </form>
      <Section
        title={t('journal.events')}
        actions={
          <a className="button secondary no-print" href={journalCsvPath(filters)} download="journal.csv">
            {t('csv.download')}
          </a>
        }
      >
        {journal.isPending ? (
          <Loading />
        ) : journal.isError ? (
          <Failure error={journal.error} retry={() => void journal.refetch()} />
        ) : rows.length === 0 ? (
          <p className="state">{t('journal.empty')}</p>
        ) : (
          <DataTable caption={t('journal.events')} captionHidden columns={columns} rows={rows} rowKey={(e) => String(e.seq)} />
        )}
        <NextPageButton query={journal} label={t('journal.older')} />
      </Section>
    </>
  );
}
