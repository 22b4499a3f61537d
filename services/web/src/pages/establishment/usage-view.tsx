import { useCallback } from 'react';
import { AppUsageByCategory, EstablishmentActivity } from '@vigie/contracts/web';
import { withQuery } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { addDays, mondayOf } from '../../format/days.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { AppUsageFigure } from './app-usage-figure.tsx';
import { PeriodsFigure } from './periods-figure.tsx';
import type { Period } from './periods.tsx';
import { schoolYearStart } from './school-year.ts';

const WEEKS = 10;

/** Weekly and monthly figures with the signal breakdown, and app usage by category: three calls. */
export function UsageView({ uai, today }: { uai: string; today: string }) {
  const { t, f } = useI18n();
  const base = `/v1/establishments/${encodeURIComponent(uai)}`;
  const yearStart = schoolYearStart(today);
  const weeks = useApi(
    withQuery(`${base}/activity`, { from: addDays(mondayOf(today), -7 * (WEEKS - 1)), to: today, granularity: 'week' }),
    EstablishmentActivity,
  );
  const months = useApi(withQuery(`${base}/activity`, { from: yearStart, to: today, granularity: 'month' }), EstablishmentActivity);
  const apps = useApi(withQuery(`${base}/app-usage`, { from: yearStart, to: today }), AppUsageByCategory);
  const weekLabel = useCallback((p: Period) => f.date(p.start), [f]);
  const monthLabel = useCallback((p: Period) => f.month(p.start), [f]);
  const noPeriod = (a: { periods: Period[] }) => a.periods.length === 0;
  return (
    <>
      <Section title={t('establishment.weeks')}>
        <QueryState query={weeks} isEmpty={noPeriod}>
          {(a) => <PeriodsFigure title={t('establishment.weeks')} periods={a.periods} label={weekLabel} />}
        </QueryState>
      </Section>
      <Section title={t('establishment.months')}>
        <QueryState query={months} isEmpty={noPeriod}>
          {(a) => <PeriodsFigure title={t('establishment.months')} periods={a.periods} label={monthLabel} />}
        </QueryState>
      </Section>
      <Section title={t('establishment.apps')}>
        <QueryState query={apps}>{(u) => <AppUsageFigure usage={u} />}</QueryState>
      </Section>
    </>
  );
}
