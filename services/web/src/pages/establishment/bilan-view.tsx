import { useCallback, useMemo } from 'react';
import type { z } from 'zod';
import { AppUsageByCategory, EstablishmentActivity, ObsolescenceSummary, type Establishment } from '@vigie/contracts/web';
import { withQuery } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { addDays } from '../../format/days.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { labelOf } from '../../i18n/labels.ts';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Stat } from '../../ui/section.tsx';
import { AppUsageFigure } from './app-usage-figure.tsx';
import { PeriodsFigure } from './periods-figure.tsx';
import { optionalRate, periodColumns, type Period } from './periods.tsx';
import { schoolYearStart } from './school-year.ts';

/**
 * The one-page "bilan d'usage" a head of establishment takes to the conseil d'administration:
 * the school year so far, month by month, app usage and devices to renew. The print stylesheet
 * lays it on one A4 page (@page in styles.css); the browser test prints it to PDF and counts pages.
 */
export function BilanView({ establishment, today }: { establishment: z.infer<typeof Establishment>; today: string }) {
  const { t } = useI18n();
  const base = `/v1/establishments/${encodeURIComponent(establishment.uai)}`;
  const from = schoolYearStart(today);
  const to = addDays(today, -1);
  const year = useApi(withQuery(`${base}/activity`, { from, to, granularity: 'school_year' }), EstablishmentActivity);
  const months = useApi(withQuery(`${base}/activity`, { from, to, granularity: 'month' }), EstablishmentActivity);
  const apps = useApi(withQuery(`${base}/app-usage`, { from, to }), AppUsageByCategory);
  const obsolete = useApi(withQuery('/v1/obsolescence', { establishment: establishment.uai }), ObsolescenceSummary);
  return (
    <article className="bilan" aria-labelledby="bilan-title">
      <div className="section-head">
        <h2 id="bilan-title">{t('establishment.bilanTitle', { name: establishment.name })}</h2>
        <button type="button" className="button no-print" onClick={() => window.print()}>
          {t('print.button')}
        </button>
      </div>
      <QueryState query={months}>{(m) => <BilanBody from={from} to={to} year={year.data?.periods[0]} months={m.periods} />}</QueryState>
      <div className="grid bilan-grid">
        <QueryState query={apps}>{(u) => <AppUsageFigure usage={u} height={150} />}</QueryState>
        <QueryState query={obsolete}>{(o) => <ObsoleteTable summary={o} />}</QueryState>
      </div>
      <p className="definition">
        {t('establishment.bilanNote')} {t('app.ethics')}
      </p>
    </article>
  );
}

function BilanBody({ from, to, year, months }: { from: string; to: string; year: Period | undefined; months: readonly Period[] }) {
  const i18n = useI18n();
  const { t, f } = i18n;
  const label = useCallback((p: Period) => f.month(p.start), [f]);
  const columns = useMemo(() => periodColumns(i18n, months, label), [i18n, months, label]);
  return (
    <>
      <p>{t('establishment.bilanPeriod', { from: f.date(from), to: f.date(to) })}</p>
      {year ? (
        <div className="stats">
          <Stat
            label={t('establishment.col.useRate')}
            value={f.percent(year.activity_rate_use)}
            hint={t('unit.schoolDays', { count: year.school_days })}
          />
          <Stat
            label={optionalRate(year, 'presence_rate') === undefined ? t('establishment.col.activityRate') : t('overview.judgedRate')}
            value={f.percent(year.activity_rate)}
          />
          {optionalRate(year, 'presence_rate') !== undefined ? (
            <Stat label={t('overview.presenceRate')} value={f.percent(optionalRate(year, 'presence_rate'))} />
          ) : null}
          {optionalRate(year, 'coverage') !== undefined ? (
            <Stat label={t('overview.coverage')} value={f.percent(optionalRate(year, 'coverage'))} />
          ) : null}
          {year.reach !== null ? (
            <Stat
              label={t('establishment.col.reach')}
              value={f.percent(year.reach)}
              hint={year.in_service_devices === null ? undefined : t('unit.devices', { count: year.in_service_devices })}
            />
          ) : null}
        </div>
      ) : null}
      <PeriodsFigure title={t('establishment.months')} periods={months} label={label} height={190} />
      <div className="print-only">
        <DataTable caption={t('establishment.months')} columns={columns} rows={months} rowKey={(p) => p.start} />
      </div>
    </>
  );
}

function ObsoleteTable({ summary }: { summary: z.infer<typeof ObsolescenceSummary> }) {
  const { t, f } = useI18n();
  const rows = Object.entries(summary.by_reason).sort((a, b) => b[1] - a[1]);
  const columns: Column<[string, number]>[] = [
    { label: t('col.reason'), text: ([reason]) => labelOf(t, 'reason', reason) },
    { label: t('col.devices'), text: ([, n]) => f.number(n), numeric: true },
  ];
  return (
    <div>
      <p>
        <strong>{t('establishment.obsoleteReasons')}</strong> : {t('overview.obsolescenceTotal', { count: summary.devices_flagged })}
      </p>
      <DataTable caption={t('establishment.obsoleteReasons')} captionHidden columns={columns} rows={rows} rowKey={([reason]) => reason} />
    </div>
  );
}
