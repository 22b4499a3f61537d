import type { z } from 'zod';
import type { ActivityPeriod } from '@vigie/contracts/web';
import type { I18n } from '../../i18n/i18n-context.tsx';
import type { Column } from '../../ui/data-table.tsx';

export type Period = z.infer<typeof ActivityPeriod>;

/** A rate the API may add to a period (presence_rate, coverage: the use-versus-presence figures), when it does. */
export function optionalRate(period: Period, name: string): number | null | undefined {
  const value = (period as Record<string, unknown>)[name];
  return typeof value === 'number' || value === null ? value : undefined;
}

/** The columns of a list of periods: the rates, then the active device-days by what proves them. */
export function periodColumns({ t, f }: Pick<I18n, 't' | 'f'>, periods: readonly Period[], label: (p: Period) => string): Column<Period>[] {
  const has = (name: string) => periods.some((p) => optionalRate(p, name) !== undefined);
  const columns: Column<Period>[] = [
    { label: t('col.period'), text: label },
    { label: t('establishment.col.schoolDays'), text: (p) => f.number(p.school_days), numeric: true },
    { label: t('establishment.col.useRate'), text: (p) => f.percent(p.activity_rate_use), numeric: true },
    // Once use is judged apart from presence, activity_rate no longer counts presence as use.
    {
      label: has('presence_rate') ? t('overview.judgedRate') : t('establishment.col.activityRate'),
      text: (p) => f.percent(p.activity_rate),
      numeric: true,
    },
  ];
  if (has('presence_rate'))
    columns.push({ label: t('overview.presenceRate'), text: (p) => f.percent(optionalRate(p, 'presence_rate')), numeric: true });
  if (has('coverage')) columns.push({ label: t('overview.coverage'), text: (p) => f.percent(optionalRate(p, 'coverage')), numeric: true });
  columns.push(
    { label: t('establishment.col.inService'), text: (p) => f.number(p.in_service_device_days), numeric: true },
    { label: t('establishment.col.measured'), text: (p) => f.number(p.active_by_signal.measured), numeric: true },
    { label: t('establishment.col.usage'), text: (p) => f.number(p.active_by_signal.usage), numeric: true },
    { label: t('establishment.col.presence'), text: (p) => f.number(p.active_by_signal.presence), numeric: true },
    { label: t('establishment.col.reach'), text: (p) => f.percent(p.reach), numeric: true },
  );
  return columns;
}
