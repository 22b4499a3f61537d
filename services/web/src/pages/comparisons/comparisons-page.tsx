import { useMemo } from 'react';
import type { z } from 'zod';
import { Comparison, ComparisonMetrics, PeerGroupings, type ComparisonMetric } from '@vigie/contracts/web';
import { withQuery } from '../../api/client.ts';
import { useTenantZone } from '../../api/session-context.tsx';
import { useApi } from '../../api/use-api.ts';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { barsOption } from '../../charts/options.ts';
import { Sparkline } from '../../charts/sparkline.tsx';
import { addDays, todayIn } from '../../format/days.ts';
import { useI18n, type I18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useSearchParam } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { LabelledOptions } from '../../ui/labelled-options.tsx';

type Item = z.infer<typeof Comparison>['items'][number];
const Granularities = ['week', 'month', 'school_year'] as const;
const perPupil = (m: ComparisonMetric) => m === 'devices_per_pupil' || m === 'active_devices_per_pupil';
const pick = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

/** Each establishment within its peer group: value, previous period, change, rank and percentile. */
export function ComparisonsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const [metricParam, setMetric] = useSearchParam('indicateur');
  const [granularityParam, setGranularity] = useSearchParam('periode');
  const [peersParam, setPeers] = useSearchParam('pairs');
  const [dateParam, setDate] = useSearchParam('date');
  const zone = useTenantZone();
  const metric = pick(ComparisonMetrics, metricParam, 'activity_rate_use');
  const granularity = pick(Granularities, granularityParam, 'month');
  const peers = pick(PeerGroupings, peersParam, 'type');
  // By default the last complete day's period, so "this month" is not read on a morning's figures.
  const start = dateParam && /^\d{4}-\d{2}-\d{2}$/.test(dateParam) ? dateParam : addDays(todayIn(zone), -1);
  const comparison = useApi(withQuery('/v1/comparisons', { metric, granularity, start, peers }), Comparison);

  return (
    <>
      <h1>{t('comparisons.title')}</h1>
      <p className="intro">{t('comparisons.intro')}</p>
      <form className="controls no-print" onSubmit={(e) => e.preventDefault()}>
        <label>
          {t('comparisons.metric')}
          <select value={metric} onChange={(e) => setMetric(e.target.value)}>
            <LabelledOptions values={ComparisonMetrics} family="comparisons.metric" />
          </select>
        </label>
        <label>
          {t('comparisons.period')}
          <select value={granularity} onChange={(e) => setGranularity(e.target.value)}>
            <LabelledOptions values={Granularities} family="comparisons.granularity" />
          </select>
        </label>
        <label>
          {t('comparisons.date')}
          <input type="date" value={start} onChange={(e) => setDate(e.target.value)} required />
        </label>
        <label>
          {t('comparisons.peers')}
          <select value={peers} onChange={(e) => setPeers(e.target.value)}>
            <LabelledOptions values={PeerGroupings} family="comparisons.peers" />
          </select>
        </label>
      </form>
      {perPupil(metric) ? <p className="definition">{t('comparisons.pupilsMissing')}</p> : null}
      <QueryState query={comparison} isEmpty={(c) => c.items.length === 0}>
        {(c) => <ComparisonResult comparison={c} i18n={i18n} />}
      </QueryState>
    </>
  );
}

function ComparisonResult({ comparison, i18n }: { comparison: z.infer<typeof Comparison>; i18n: I18n }) {
  const { t, f } = i18n;
  const rate = !perPupil(comparison.metric);
  const value = (v: number | null) => (rate ? f.percent(v) : f.decimal(v, 2));
  const shown = (item: Item, v: number | null) => (item.suppressed ? t('state.suppressed') : v === null ? t('state.notEnough') : value(v));
  const delta = (item: Item) =>
    item.suppressed || item.delta === null
      ? t('state.none')
      : rate
        ? f.points(item.delta)
        : `${item.delta > 0 ? '+' : ''}${f.decimal(item.delta, 2)}`;
  const rows = useMemo(
    () =>
      [...comparison.items].sort(
        (a, b) => a.peer_group.localeCompare(b.peer_group) || (a.rank ?? 1e9) - (b.rank ?? 1e9) || a.name.localeCompare(b.name, 'fr'),
      ),
    [comparison],
  );
  const columns: Column<Item>[] = [
    { label: t('col.establishment'), text: (i) => `${i.name} (${i.uai})` },
    { label: t('comparisons.col.group'), text: (i) => i.peer_group },
    {
      label: t('comparisons.col.value'),
      text: (i) => shown(i, i.value),
      render: (i) => <span className={i.suppressed ? 'suppressed' : undefined}>{shown(i, i.value)}</span>,
      numeric: true,
    },
    { label: t('comparisons.col.previous'), text: (i) => shown(i, i.previous_value), numeric: true },
    {
      label: t('comparisons.col.delta'),
      text: delta,
      render: (i) => (
        <span className="trend">
          {i.suppressed || !rate ? null : <Sparkline values={[i.previous_value, i.value]} width={40} />}
          {delta(i)}
        </span>
      ),
      numeric: true,
    },
    {
      label: t('comparisons.col.rank'),
      text: (i) => (i.rank === null ? t('state.none') : t('comparisons.rankOf', { rank: i.rank, peers: i.peers })),
      numeric: true,
    },
    {
      label: t('comparisons.col.percentile'),
      text: (i) => (i.percentile === null ? t('state.none') : f.number(i.percentile)),
      numeric: true,
    },
    { label: t('col.devices'), text: (i) => f.number(i.devices), numeric: true },
  ];
  const charted = rows.filter((i) => !i.suppressed && i.value !== null);
  const option = useMemo(
    () =>
      barsOption(
        charted.map((i) => i.name),
        charted.map((i) => i.value),
        value,
      ),
    [charted, value],
  );
  const caption = t('comparisons.caption', {
    start: f.date(comparison.period_start),
    previous: f.date(comparison.previous_period_start),
    min: comparison.min_devices,
  });
  const title = t(`comparisons.metric.${comparison.metric}` as MessageKey);
  return (
    <>
      <Section title={title} actions={<CsvButton name={`${t('comparisons.title')} ${title}`} columns={columns} rows={rows} />}>
        <p className="definition">{caption}</p>
        <DataTable caption={`${title}. ${caption}`} captionHidden columns={columns} rows={rows} rowKey={(i) => i.uai} />
      </Section>
      {charted.length > 0 ? (
        <ChartFigure
          title={`${t('comparisons.chart')} : ${title}`}
          option={option}
          columns={columns}
          rows={charted}
          rowKey={(i) => i.uai}
          height={Math.max(160, 28 * charted.length)}
        />
      ) : null}
    </>
  );
}
