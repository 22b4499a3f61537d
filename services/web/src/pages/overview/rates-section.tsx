import { Fragment, useMemo } from 'react';
import type { z } from 'zod';
import type { TenantActivity } from '@vigie/contracts/web';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { seriesOption } from '../../charts/options.ts';
import { addDays } from '../../format/days.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { Column } from '../../ui/data-table.tsx';
import { Section, Stat } from '../../ui/section.tsx';
import { judgesUse, weekFigures, type WeekFigures } from './week-rates.ts';

type Activity = z.infer<typeof TenantActivity>;
type Day = Activity['days'][number];

/**
 * This week's and last week's rates of the tenant, as the API computes them (its `weeks`), and its
 * school days one by one. The activity is asked up to yesterday: today is not over.
 */
export function RatesSection({ activity, monday }: { activity: Activity; monday: string }) {
  const { t, f } = useI18n();
  const all = activity.days;
  const thisWeek = weekFigures(activity.weeks, monday);
  const lastWeek = weekFigures(activity.weeks, addDays(monday, -7));
  const schoolDays = useMemo(() => all.filter((d) => d.establishments > 0).sort((a, b) => a.day.localeCompare(b.day)), [all]);
  const columns: Column<Day>[] = [
    { label: t('col.day'), text: (d) => f.date(d.day) },
    { label: t('overview.inService'), text: (d) => f.number(d.in_service), numeric: true },
    { label: t('overview.active'), text: (d) => f.number(d.active), numeric: true },
    {
      label: judgesUse(all) ? t('overview.judgedRate') : t('overview.activityRate'),
      text: (d) => f.percent(d.activity_rate),
      numeric: true,
    },
  ];
  const option = useMemo(
    () =>
      seriesOption(
        schoolDays.map((d) => f.date(d.day)),
        [
          { name: t('overview.inService'), type: 'bar', data: schoolDays.map((d) => d.in_service) },
          { name: t('overview.active'), type: 'bar', data: schoolDays.map((d) => d.active) },
        ],
        f.number,
      ),
    [schoolDays, f, t],
  );
  // Before use was judged apart from presence, activity_rate counted presence: say so on its label.
  const judged = judgesUse(all);
  const rateLabel = judged ? t('overview.judgedRate') : t('overview.activityRate');
  const hint = (w: WeekFigures) => `${t('unit.schoolDays', { count: w.schoolDays })} · ${f.number(w.active)} / ${f.number(w.inService)}`;
  return (
    <Section title={t('overview.rates')}>
      <div className="stats">
        {[
          { week: thisWeek, name: t('overview.thisWeekSoFar') },
          { week: lastWeek, name: t('overview.lastWeek').toLowerCase() },
        ].map(({ week, name }) => (
          <Fragment key={week.start}>
            <Stat
              label={`${rateLabel}, ${name}`}
              value={week.rate === null ? t('state.notEnough') : f.percent(week.rate)}
              hint={week.schoolDays === 0 ? t('overview.noSchoolDayYet') : hint(week)}
            />
            {judged ? (
              <>
                <Stat
                  label={t('overview.presenceRate')}
                  value={week.presenceRate === null ? t('state.notEnough') : f.percent(week.presenceRate)}
                />
                <Stat label={t('overview.coverage')} value={week.coverage === null ? t('state.notEnough') : f.percent(week.coverage)} />
              </>
            ) : null}
          </Fragment>
        ))}
      </div>
      {judged ? (
        <p className="definition">
          {t('overview.judgedRate')} : {t('overview.judgedRateHint')}.
        </p>
      ) : null}
      <details className="definition">
        <summary>{t('overview.definition')}</summary>
        <p>{t('overview.rateDefinition', { minutes: 5 })}</p>
      </details>
      {schoolDays.length > 0 ? (
        <ChartFigure
          title={t('overview.dailyChart')}
          option={option}
          columns={columns}
          rows={schoolDays}
          rowKey={(d) => d.day}
          height={240}
        />
      ) : null}
    </Section>
  );
}
