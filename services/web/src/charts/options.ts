import type { EChartsCoreOption } from 'echarts/core';

// The few chart shapes the dashboard draws, with one palette (contrast ≥ 3:1 against white, WCAG 1.4.11).
export const palette = ['#000091', '#18753c', '#b34000', '#6a6af4', '#8585f6', '#4a4a55'];

const base = (formatValue: (v: number) => string) => ({
  color: palette,
  animation: false,
  grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
  tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? formatValue(v) : String(v ?? '')) },
  textStyle: { fontFamily: 'system-ui, sans-serif' },
});

/** Horizontal bars: one per category (kind, reason, establishment). */
export function barsOption(labels: string[], values: (number | null)[], formatValue: (v: number) => string): EChartsCoreOption {
  return {
    ...base(formatValue),
    xAxis: { type: 'value', axisLabel: { formatter: formatValue } },
    yAxis: { type: 'category', data: labels, inverse: true },
    series: [
      {
        type: 'bar',
        data: values,
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: number | null }) => (p.value === null ? '' : formatValue(p.value)),
        },
      },
    ],
  };
}

/** Series over periods (days, weeks, years): bars or lines, one per named series. */
export function seriesOption(
  periods: string[],
  series: { name: string; type: 'bar' | 'line'; data: (number | null)[]; stack?: string }[],
  formatValue: (v: number) => string,
  percentAxis = false,
): EChartsCoreOption {
  return {
    ...base(formatValue),
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: periods },
    yAxis: { type: 'value', ...(percentAxis ? { min: 0, max: 1 } : {}), axisLabel: { formatter: formatValue } },
    series: series.map((s) => ({ ...s, connectNulls: false })),
  };
}
