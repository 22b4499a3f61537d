import { useId, useState } from 'react';
import type { EChartsCoreOption } from 'echarts/core';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CsvButton } from '../ui/csv-button.tsx';
import { DataTable, type Column } from '../ui/data-table.tsx';
import { EChart } from './e-chart.tsx';

/**
 * A chart with its text alternative (RGAA 4.1, criterion 1.8 and WCAG 1.1.1): the figure is named
 * by its title, and "voir les données" opens the table of every value drawn, downloadable as CSV.
 */
export function ChartFigure<R>({
  title,
  description,
  option,
  columns,
  rows,
  rowKey,
  height,
}: {
  title: string;
  description?: string;
  option: EChartsCoreOption;
  columns: readonly Column<R>[];
  rows: readonly R[];
  rowKey: (row: R, index: number) => string;
  height?: number;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const titleId = useId();
  const tableId = useId();
  return (
    <figure className="chart-figure" aria-labelledby={titleId}>
      <figcaption id={titleId} className="chart-title">
        {title}
      </figcaption>
      {description ? <p className="chart-description">{description}</p> : null}
      <EChart option={option} height={height} />
      <div className="chart-actions no-print">
        <button type="button" className="button link" aria-expanded={open} aria-controls={tableId} onClick={() => setOpen(!open)}>
          {open ? t('chart.hideData') : t('chart.showData')}
        </button>
        <CsvButton name={title} columns={columns} rows={rows} />
      </div>
      <div id={tableId} hidden={!open}>
        <DataTable caption={title} columns={columns} rows={rows} rowKey={rowKey} />
      </div>
    </figure>
  );
}
