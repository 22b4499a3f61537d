import type { z } from 'zod';
import type { AlertList } from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { labelOf } from '../../i18n/labels.ts';
import { Link } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { Section } from '../../ui/section.tsx';

type Alert = z.infer<typeof AlertList>['items'][number];
const SHOWN = 10;

/** The newest unresolved alerts; the Alertes page holds them all and the actions. */
export function AlertsSection({ alerts, timeZone }: { alerts: readonly Alert[]; timeZone: string }) {
  const { t, f } = useI18n();
  const columns: Column<Alert>[] = [
    { label: t('overview.col.alert'), text: (a) => a.title },
    {
      label: t('overview.col.severity'),
      text: (a) => labelOf(t, 'severity', a.severity),
      render: (a) => <span className={`severity-${a.severity}`}>{labelOf(t, 'severity', a.severity)}</span>,
    },
    { label: t('overview.col.state'), text: (a) => labelOf(t, 'alertState', a.state) },
    { label: t('overview.col.opened'), text: (a) => f.dateTime(a.opened_at, timeZone) },
  ];
  const rows = alerts.slice(0, SHOWN);
  const title = t('overview.alerts');
  return (
    <Section
      title={`${title} (${f.number(alerts.length)}${alerts.length >= 100 ? '+' : ''})`}
      actions={<CsvButton name={title} columns={columns} rows={rows} />}
    >
      {rows.length === 0 ? (
        <p className="state">{t('overview.alertsNone')}</p>
      ) : (
        <DataTable caption={title} captionHidden columns={columns} rows={rows} rowKey={(a) => a.id} />
      )}
      <p>
        <Link to="/alertes">{t('overview.alertsMore')}</Link>
      </p>
    </Section>
  );
}

/** Pulled MDM sources failing to sync, as the source_sync_failing rule raises them. */
export function SourcesHealthSection({ alerts, timeZone }: { alerts: readonly Alert[]; timeZone: string }) {
  const { t, f } = useI18n();
  const failing = alerts.filter((a) => a.rule_kind === 'source_sync_failing');
  const columns: Column<Alert>[] = [
    { label: t('overview.sourcesFailing'), text: (a) => a.title },
    { label: t('overview.col.opened'), text: (a) => f.dateTime(a.opened_at, timeZone) },
  ];
  const title = t('overview.sources');
  return (
    <Section title={title} actions={failing.length > 0 ? <CsvButton name={title} columns={columns} rows={failing} /> : undefined}>
      {failing.length === 0 ? (
        <p className="state">{t('overview.sourcesHealthy')}</p>
      ) : (
        <DataTable caption={t('overview.sourcesFailing')} columns={columns} rows={failing} rowKey={(a) => a.id} />
      )}
      <p>
        <Link to="/sources">{t('overview.sourcesMore')}</Link>
      </p>
    </Section>
  );
}
