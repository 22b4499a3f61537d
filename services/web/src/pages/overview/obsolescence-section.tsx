import { useMemo } from 'react';
import type { z } from 'zod';
import type { ObsolescenceSummary } from '@vigie/contracts/web';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { barsOption } from '../../charts/options.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { labelOf } from '../../i18n/labels.ts';
import type { Column } from '../../ui/data-table.tsx';
import { Section } from '../../ui/section.tsx';

interface ReasonRow {
  reason: string;
  label: string;
  count: number;
}

/** Devices flagged obsolete, by reason (a device counts once in the total, once per reason below). */
export function ObsolescenceSection({ summary }: { summary: z.infer<typeof ObsolescenceSummary> }) {
  const { t, f } = useI18n();
  const rows = useMemo<ReasonRow[]>(
    () =>
      Object.entries(summary.by_reason)
        .sort((a, b) => b[1] - a[1])
        .map(([reason, count]) => ({ reason, label: labelOf(t, 'reason', reason), count })),
    [summary, t],
  );
  const columns: Column<ReasonRow>[] = [
    { label: t('col.reason'), text: (r) => r.label },
    { label: t('col.devices'), text: (r) => f.number(r.count), numeric: true },
  ];
  const option = useMemo(
    () =>
      barsOption(
        rows.map((r) => r.label),
        rows.map((r) => r.count),
        f.number,
      ),
    [rows, f],
  );
  return (
    <Section title={t('overview.obsolescence')}>
      <p>{t('overview.obsolescenceTotal', { count: summary.devices_flagged })}</p>
      {rows.length > 0 ? (
        <ChartFigure
          title={t('overview.obsolescence')}
          option={option}
          columns={columns}
          rows={rows}
          rowKey={(r) => r.reason}
          height={200}
        />
      ) : null}
    </Section>
  );
}
