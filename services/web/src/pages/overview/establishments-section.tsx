import type { z } from 'zod';
import type { Comparison } from '@vigie/contracts/web';
import { Sparkline } from '../../charts/sparkline.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { Link } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { Empty } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';

type Item = z.infer<typeof Comparison>['items'][number];

/** Each establishment's use rate this week and last, its percentile among peers; small groups suppressed. */
export function EstablishmentsSection({ comparison }: { comparison: z.infer<typeof Comparison> }) {
  const { t, f } = useI18n();
  const value = (item: Item, v: number | null) =>
    item.suppressed ? t('state.suppressed') : v === null ? t('state.notEnough') : f.percent(v);
  const trend = (item: Item) => {
    if (item.suppressed || item.delta === null) return t('state.none');
    if (Math.abs(item.delta) < 0.005) return t('overview.trendFlat');
    return t(item.delta > 0 ? 'overview.trendUp' : 'overview.trendDown', { delta: f.points(item.delta) });
  };
  const columns: Column<Item>[] = [
    {
      label: t('col.establishment'),
      text: (i) => i.name,
      render: (i) => <Link to={`/etablissement?uai=${encodeURIComponent(i.uai)}`}>{i.name}</Link>,
    },
    { label: t('col.uai'), text: (i) => i.uai },
    {
      label: t('overview.col.rate'),
      text: (i) => value(i, i.value),
      render: (i) => <span className={i.suppressed ? 'suppressed' : undefined}>{value(i, i.value)}</span>,
      numeric: true,
    },
    { label: t('overview.col.previous'), text: (i) => value(i, i.previous_value), numeric: true },
    {
      label: t('overview.col.trend'),
      text: trend,
      render: (i) => (
        <span className={`trend ${i.delta && i.delta > 0.005 ? 'trend-up' : i.delta && i.delta < -0.005 ? 'trend-down' : ''}`}>
          {i.suppressed ? null : <Sparkline values={[...(i.history ?? [i.previous_value]), i.value]} width={64} />}
          {trend(i)}
        </span>
      ),
    },
    { label: t('overview.col.percentile'), text: (i) => (i.percentile === null ? t('state.none') : f.number(i.percentile)), numeric: true },
    { label: t('overview.col.peers'), text: (i) => f.number(i.peers), numeric: true },
    { label: t('col.devices'), text: (i) => f.number(i.devices), numeric: true },
  ];
  const rows = [...comparison.items].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const title = t('overview.establishments');
  return (
    <Section title={title} actions={<CsvButton name={title} columns={columns} rows={rows} />}>
      <p className="definition">{t('overview.establishmentsCaption', { start: f.date(comparison.period_start) })}</p>
      {rows.length === 0 ? <Empty /> : <DataTable caption={title} captionHidden columns={columns} rows={rows} rowKey={(i) => i.uai} />}
    </Section>
  );
}
