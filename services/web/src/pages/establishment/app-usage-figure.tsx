import { useMemo } from 'react';
import type { z } from 'zod';
import type { AppUsageByCategory } from '@vigie/contracts/web';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { barsOption } from '../../charts/options.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { labelOf } from '../../i18n/labels.ts';
import type { Column } from '../../ui/data-table.tsx';
import { Empty } from '../../ui/query-state.tsx';

type Category = z.infer<typeof AppUsageByCategory>['categories'][number];

/** Hours of app use by category, with each category's share of all app time. */
export function AppUsageFigure({ usage, height }: { usage: z.infer<typeof AppUsageByCategory>; height?: number }) {
  const { t, f } = useI18n();
  const rows = useMemo(() => [...usage.categories].sort((a, b) => b.seconds - a.seconds), [usage]);
  const columns: Column<Category>[] = [
    { label: t('establishment.col.category'), text: (c) => labelOf(t, 'category', c.category) },
    { label: t('establishment.col.hours'), text: (c) => f.hours(c.seconds), numeric: true },
    { label: t('establishment.col.share'), text: (c) => f.percent(c.share), numeric: true },
    { label: t('establishment.col.sessions'), text: (c) => f.number(c.sessions), numeric: true },
    { label: t('col.devices'), text: (c) => f.number(c.devices), numeric: true },
  ];
  const option = useMemo(
    () =>
      barsOption(
        rows.map((c) => labelOf(t, 'category', c.category)),
        rows.map((c) => c.share),
        (v) => f.percent(v),
      ),
    [rows, t, f],
  );
  if (rows.length === 0) return <Empty />;
  const title = `${t('establishment.apps')} (${f.date(usage.from)} – ${f.date(usage.to)})`;
  return <ChartFigure title={title} option={option} columns={columns} rows={rows} rowKey={(c) => c.category} height={height ?? 180} />;
}
