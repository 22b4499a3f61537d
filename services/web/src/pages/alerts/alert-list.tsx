import type { z } from 'zod';
import type { Alert } from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { Link, useSearchParam } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { apiErrors } from '../../ui/form-errors.ts';
import { FormError } from '../../ui/field.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { useEstablishments } from '../devices/device-queries.ts';
import { useAlertAction, useAlerts, type AlertView } from './alert-queries.ts';

type AlertRow = z.infer<typeof Alert>;
const VIEWS: readonly AlertView[] = ['open', 'acknowledged', 'resolved'];
export const alertHref = (id: string) => `/alertes/${encodeURIComponent(id)}`;

/** The establishment's time zone for an alert's times (Paris for tenant-wide alerts). */
export function useZoneOfEstablishment() {
  const establishments = useEstablishments();
  const byId = new Map((establishments.data?.items ?? []).map((e) => [e.id, e]));
  return {
    zoneOf: (id: string | null) => (id && byId.get(id)?.time_zone) || 'Europe/Paris',
    nameOf: (id: string | null) => (id ? (byId.get(id)?.name ?? '—') : '—'),
  };
}

export function AlertList() {
  const { t, f } = useI18n();
  const [viewParam, setView] = useSearchParam('etat');
  const view = (VIEWS as readonly string[]).includes(viewParam ?? '') ? (viewParam as AlertView) : 'open';
  const alerts = useAlerts(view);
  const action = useAlertAction();
  const { zoneOf, nameOf } = useZoneOfEstablishment();
  const act = (row: AlertRow, kind: 'acknowledge' | 'resolve') => action.mutate({ id: row.id, action: kind });
  const columns: Column<AlertRow>[] = [
    { label: t('overview.col.alert'), text: (a) => a.title, render: (a) => <Link to={alertHref(a.id)}>{a.title}</Link> },
    {
      label: t('overview.col.severity'),
      text: (a) => t(`severity.${a.severity}` as MessageKey),
      render: (a) => <span className={`severity-${a.severity}`}>{t(`severity.${a.severity}` as MessageKey)}</span>,
    },
    { label: t('overview.col.state'), text: (a) => t(`alertState.${a.state}` as MessageKey) },
    { label: t('col.establishment'), text: (a) => nameOf(a.establishment_id) },
    { label: t('overview.col.opened'), text: (a) => f.dateTime(a.opened_at, zoneOf(a.establishment_id)) },
  ];
  const withActions: Column<AlertRow>[] = [
    ...columns,
    {
      label: t('alerts.col.actions'),
      text: () => '',
      render: (a) => (
        <span className="row-actions">
          {a.state === 'open' || a.state === 'snoozed' ? (
            <button type="button" className="button secondary" disabled={action.isPending} onClick={() => act(a, 'acknowledge')}>
              {t('alerts.acknowledge')}
              <span className="visually-hidden"> : {a.title}</span>
            </button>
          ) : null}
          {a.state !== 'resolved' ? (
            <button type="button" className="button secondary" disabled={action.isPending} onClick={() => act(a, 'resolve')}>
              {t('alerts.resolve')}
              <span className="visually-hidden"> : {a.title}</span>
            </button>
          ) : null}
        </span>
      ),
    },
  ];
  const rows = alerts.data?.items ?? [];
  return (
    <>
      <h1>{t('alerts.title')}</h1>
      <p className="intro">{t('alerts.intro')}</p>
      <div className="tabs" role="group" aria-label={t('alerts.views')}>
        {VIEWS.map((v) => (
          <button
            key={v}
            type="button"
            className={`button ${v === view ? '' : 'secondary'}`}
            aria-pressed={v === view}
            onClick={() => setView(v === 'open' ? null : v)}
          >
            {t(`alerts.view.${v}` as MessageKey)}
          </button>
        ))}
      </div>
      <Section
        title={t(`alerts.view.${view}` as MessageKey)}
        actions={<CsvButton name={t(`alerts.view.${view}` as MessageKey)} columns={columns} rows={rows} />}
      >
        {action.isError ? <FormError errors={apiErrors(action.error)} /> : null}
        <QueryState query={alerts} isEmpty={(d) => d.items.length === 0} empty={t('alerts.none')}>
          {(d) => (
            <DataTable
              caption={t(`alerts.view.${view}` as MessageKey)}
              captionHidden
              columns={withActions}
              rows={d.items}
              rowKey={(a) => a.id}
            />
          )}
        </QueryState>
      </Section>
    </>
  );
}
