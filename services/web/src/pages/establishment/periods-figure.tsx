import { useMemo } from 'react';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { seriesOption } from '../../charts/options.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { periodColumns, type Period } from './periods.tsx';

/**
 * Active device-days per period, stacked by what proves them (measured, app usage, presence only),
 * with the use rate as a line: presence is drawn apart and never counted in the use rate.
 */
export function PeriodsFigure({
  title,
  periods,
  label,
  height,
}: {
  title: string;
  periods: readonly Period[];
  label: (p: Period) => string;
  height?: number;
}) {
  const i18n = useI18n();
  const { t, f } = i18n;
  const columns = useMemo(() => periodColumns(i18n, periods, label), [i18n, periods, label]);
  const option = useMemo(() => {
    const base = seriesOption(
      periods.map(label),
      [
        { name: t('establishment.col.measured'), type: 'bar', stack: 'active', data: periods.map((p) => p.active_by_signal.measured) },
        { name: t('establishment.col.usage'), type: 'bar', stack: 'active', data: periods.map((p) => p.active_by_signal.usage) },
        { name: t('establishment.col.presence'), type: 'bar', stack: 'active', data: periods.map((p) => p.active_by_signal.presence) },
      ],
      f.number,
    ) as Record<string, unknown>;
    return {
      ...base,
      yAxis: [
        { type: 'value', axisLabel: { formatter: f.number } },
        { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => f.percent(v) } },
      ],
      series: [
        ...(base.series as object[]),
        { name: t('establishment.col.useRate'), type: 'line', yAxisIndex: 1, data: periods.map((p) => p.activity_rate_use) },
      ],
    };
  }, [periods, label, t, f]);
  return (
    <ChartFigure
      title={title}
      description={t('establishment.signalsCaption')}
      option={option}
      columns={columns}
      rows={periods}
      rowKey={(p) => p.start}
      height={height}
    />
  );
}
