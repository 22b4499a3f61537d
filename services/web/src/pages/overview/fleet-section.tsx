import { useMemo } from 'react';
import type { FleetSummary } from '@vigie/contracts/web';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { barsOption } from '../../charts/options.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { labelOf } from '../../i18n/labels.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { Section, Stat } from '../../ui/section.tsx';

interface CountRow {
  label: string;
  count: number;
}
const LAST_SEEN = ['lt_1d', '1d_7d', '7d_30d', 'gt_30d', 'never'] as const;
/** The device list filtered as the summary's offline count (device-list.tsx, its `etat` filter). */
const OFFLINE_LIST = '/appareils?etat=offline';

/**
 * Devices by kind, status and last check-in, as GET /v1/fleet/summary (and its live updates) count
 * them; the offline ones as the device list's offline filter gives them, linked to that list for
 * those who may read it.
 */
export function FleetSection({ summary, listsDevices }: { summary: FleetSummary; listsDevices: boolean }) {
  const { t, f } = useI18n();
  const seen = (key: string) => summary.last_seen[key] ?? 0;
  const kinds = useMemo(
    () =>
      Object.entries(summary.by_kind)
        .sort((a, b) => b[1] - a[1])
        .map(([k, count]) => ({ label: labelOf(t, 'kind', k), count })),
    [summary, t],
  );
  const statuses = Object.entries(summary.by_status)
    .sort((a, b) => b[1] - a[1])
    .map(([k, count]) => ({ label: labelOf(t, 'status', k), count }));
  const lastSeen = LAST_SEEN.map((k) => ({ label: labelOf(t, 'lastSeen', k), count: seen(k) }));
  const columns = (first: string): Column<CountRow>[] => [
    { label: first, text: (r) => r.label },
    { label: t('col.devices'), text: (r) => f.number(r.count), numeric: true },
  ];
  const option = useMemo(
    () =>
      barsOption(
        kinds.map((k) => k.label),
        kinds.map((k) => k.count),
        f.number,
      ),
    [kinds, f],
  );
  return (
    <Section title={t('overview.fleet')}>
      <div className="stats">
        <Stat label={t('overview.total')} value={f.number(summary.total)} />
        <Stat label={t('overview.seen24h')} value={f.number(seen('lt_1d'))} />
        <Stat label={t('overview.seen7d')} value={f.number(seen('lt_1d') + seen('1d_7d'))} />
        {summary.offline === undefined ? null : (
          <Stat label={t('devices.state.offline')} value={f.number(summary.offline)} to={listsDevices ? OFFLINE_LIST : undefined} />
        )}
      </div>
      <div className="grid">
        <ChartFigure
          title={t('overview.byKind')}
          option={option}
          columns={columns(t('col.kind'))}
          rows={kinds}
          rowKey={(r) => r.label}
          height={200}
        />
        <div>
          <div className="section-head">
            <h3>{t('overview.byStatus')}</h3>
            <CsvButton name={t('overview.byStatus')} columns={columns(t('col.status'))} rows={statuses} />
          </div>
          <DataTable
            caption={t('overview.byStatus')}
            captionHidden
            columns={columns(t('col.status'))}
            rows={statuses}
            rowKey={(r) => r.label}
          />
          <div className="section-head">
            <h3>{t('overview.seen')}</h3>
            <CsvButton name={t('overview.seen')} columns={columns(t('overview.seen'))} rows={lastSeen} />
          </div>
          <DataTable
            caption={t('overview.seen')}
            captionHidden
            columns={columns(t('overview.seen'))}
            rows={lastSeen}
            rowKey={(r) => r.label}
          />
        </div>
      </div>
    </Section>
  );
}
