import type { z } from 'zod';
import type { AlertDetail } from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { Link } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { apiErrors } from '../../ui/form-errors.ts';
import { FormError } from '../../ui/field.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { useAlert, useAlertAction } from './alert-queries.ts';
import { useZoneOfEstablishment } from './alert-list.tsx';

type Transition = z.infer<typeof AlertDetail>['history'][number];

/** One alert: what it is about, its actions, and every transition with who made it and when. */
export function AlertDetailView({ id }: { id: string }) {
  const { t, f } = useI18n();
  const alert = useAlert(id);
  const action = useAlertAction();
  const { zoneOf, nameOf } = useZoneOfEstablishment();
  return (
    <>
      <p className="no-print">
        <Link to="/alertes">{t('alerts.back')}</Link>
      </p>
      <QueryState query={alert}>
        {(a) => {
          const zone = zoneOf(a.establishment_id);
          const state = (s: string | null) => (s ? t(`alertState.${s}` as MessageKey) : '—');
          const columns: Column<Transition>[] = [
            { label: t('alerts.col.at'), text: (h) => f.dateTime(h.at, zone) },
            { label: t('alerts.col.from'), text: (h) => state(h.from_state) },
            { label: t('alerts.col.to'), text: (h) => state(h.to_state) },
            { label: t('alerts.col.by'), text: (h) => h.actor_name },
            { label: t('alerts.col.note'), text: (h) => h.note ?? '' },
          ];
          return (
            <>
              <h1>{a.title}</h1>
              <dl className="facts">
                <div>
                  <dt>{t('overview.col.severity')}</dt>
                  <dd className={`severity-${a.severity}`}>{t(`severity.${a.severity}` as MessageKey)}</dd>
                </div>
                <div>
                  <dt>{t('overview.col.state')}</dt>
                  <dd>{state(a.state)}</dd>
                </div>
                <div>
                  <dt>{t('col.establishment')}</dt>
                  <dd>{nameOf(a.establishment_id)}</dd>
                </div>
                <div>
                  <dt>{t('overview.col.opened')}</dt>
                  <dd>{f.dateTime(a.opened_at, zone)}</dd>
                </div>
                {a.resolved_at ? (
                  <div>
                    <dt>{t('alerts.resolvedAt')}</dt>
                    <dd>{f.dateTime(a.resolved_at, zone)}</dd>
                  </div>
                ) : null}
              </dl>
              <div className="controls">
                {a.state === 'open' || a.state === 'snoozed' ? (
                  <button
                    type="button"
                    className="button"
                    disabled={action.isPending}
                    onClick={() => action.mutate({ id: a.id, action: 'acknowledge' })}
                  >
                    {t('alerts.acknowledge')}
                  </button>
                ) : null}
                {a.state !== 'resolved' ? (
                  <button
                    type="button"
                    className="button secondary"
                    disabled={action.isPending}
                    onClick={() => action.mutate({ id: a.id, action: 'resolve' })}
                  >
                    {t('alerts.resolve')}
                  </button>
                ) : null}
              </div>
              {action.isError ? <FormError errors={apiErrors(action.error)} /> : null}
              <Section title={t('alerts.history')} actions={<CsvButton name={t('alerts.history')} columns={columns} rows={a.history} />}>
                <DataTable
                  caption={t('alerts.history')}
                  captionHidden
                  columns={columns}
                  rows={a.history}
                  rowKey={(h, i) => `${h.at}-${i}`}
                />
              </Section>
            </>
          );
        }}
      </QueryState>
    </>
  );
}
