import { useMemo } from 'react';
import type { z } from 'zod';
import { DevicePage, RenewalForecast, type Device } from '@vigie/contracts/web';
import { withQuery } from '../../api/client.ts';
import { useSessionView } from '../../api/session-context.tsx';
import { managesFleet, seesDevices } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { seriesOption } from '../../charts/options.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { labelOf, lastSeenLabel } from '../../i18n/labels.ts';
import { useSearchParam } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section, Stat } from '../../ui/section.tsx';
import { UnitPricesForm } from './unit-prices-form.tsx';

type Forecast = z.infer<typeof RenewalForecast>;
type Year = Forecast['years'][number];
const Horizons = [3, 5, 10] as const;
const CANDIDATES = 200;

/** Renewal forecast per budget year and kind with costs, unit prices, and redeployment candidates. */
export function RenewalPage() {
  const { t, f } = useI18n();
  const session = useSessionView();
  const [yearsParam, setYears] = useSearchParam('annees');
  const years = Horizons.find((h) => String(h) === yearsParam) ?? 5;
  const forecast = useApi(withQuery('/v1/renewal-forecast', { years }), RenewalForecast);
  const candidates = useApi(
    seesDevices(session.role) ? withQuery('/v1/devices', { obsolete: 'any', idle: 'true', limit: CANDIDATES }) : null,
    DevicePage,
  );
  return (
    <>
      <h1>{t('renewal.title')}</h1>
      <p className="intro">{t('renewal.intro')}</p>
      <div className="controls no-print">
        <label>
          {t('renewal.years')}
          <select value={years} onChange={(e) => setYears(e.target.value)}>
            {Horizons.map((h) => (
              <option key={h} value={h}>
                {t('renewal.yearsOption', { count: h })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryState query={forecast}>
        {(fc) => (
          <>
            <ForecastSection forecast={fc} />
            <Section title={t('renewal.redeploy')}>
              <div className="stats">
                <Stat label={t('renewal.obsoleteBusy')} value={f.number(fc.redeployment.obsolete_busy)} />
                <Stat label={t('renewal.obsoleteIdle')} value={f.number(fc.redeployment.obsolete_idle)} />
              </div>
            </Section>
            {managesFleet(session.role) ? <UnitPricesForm prices={fc.unit_prices} /> : null}
          </>
        )}
      </QueryState>
      {seesDevices(session.role) ? <QueryState query={candidates}>{(p) => <Candidates page={p} />}</QueryState> : null}
    </>
  );
}

function ForecastSection({ forecast }: { forecast: Forecast }) {
  const { t, f } = useI18n();
  const kinds = useMemo(() => [...new Set(forecast.years.flatMap((y) => Object.keys(y.by_kind)))].sort(), [forecast]);
  const columns: Column<Year>[] = [
    { label: t('renewal.col.year'), text: (y) => String(y.year) },
    { label: t('col.devices'), text: (y) => f.number(y.devices), numeric: true },
    { label: t('renewal.col.cost'), text: (y) => f.euros(y.cost_eur), numeric: true },
    ...kinds.flatMap((k): Column<Year>[] => [
      {
        label: `${labelOf(t, 'kind', k)} (${t('col.devices').toLowerCase()})`,
        text: (y) => f.number(y.by_kind[k]?.devices ?? 0),
        numeric: true,
      },
      {
        label: `${labelOf(t, 'kind', k)} (${t('renewal.col.cost').toLowerCase()})`,
        text: (y) => f.euros(y.by_kind[k]?.cost_eur ?? 0),
        numeric: true,
      },
    ]),
  ];
  const option = useMemo(
    () =>
      seriesOption(
        forecast.years.map((y) => String(y.year)),
        kinds.map((k) => ({
          name: labelOf(t, 'kind', k),
          type: 'bar' as const,
          stack: 'cost',
          data: forecast.years.map((y) => y.by_kind[k]?.cost_eur ?? 0),
        })),
        f.euros,
      ),
    [forecast, kinds, t, f],
  );
  return (
    <Section title={t('renewal.byYear')}>
      <p className="definition">{t('renewal.payer', { name: forecast.paying_collectivite })}</p>
      <ChartFigure title={t('renewal.byYear')} option={option} columns={columns} rows={forecast.years} rowKey={(y) => String(y.year)} />
    </Section>
  );
}

function Candidates({ page }: { page: z.infer<typeof DevicePage> }) {
  const { t, f } = useI18n();
  const columns: Column<z.infer<typeof Device>>[] = [
    { label: t('establishment.col.serial'), text: (d) => d.serial ?? t('state.none') },
    { label: t('establishment.col.model'), text: (d) => d.model ?? t('state.none') },
    { label: t('col.kind'), text: (d) => labelOf(t, 'kind', d.kind) },
    { label: t('col.uai'), text: (d) => d.establishment_uai ?? t('state.none') },
    { label: t('establishment.col.cart'), text: (d) => d.cart ?? '' },
    { label: t('establishment.col.acquired'), text: (d) => f.date(d.acquired_on) },
    { label: t('establishment.col.lastSeen'), text: (d) => lastSeenLabel(t, d.last_seen, (at) => f.date(at.slice(0, 10))) },
  ];
  const title = t('renewal.candidates');
  return (
    <Section
      title={`${title} (${f.number(page.items.length)}${page.next_cursor ? '+' : ''})`}
      actions={<CsvButton name={title} columns={columns} rows={page.items} />}
    >
      {page.next_cursor ? <p className="definition">{t('establishment.listCapped', { count: CANDIDATES })}</p> : null}
      {page.items.length === 0 ? (
        <p className="state">{t('renewal.candidatesNone')}</p>
      ) : (
        <DataTable caption={title} captionHidden columns={columns} rows={page.items} rowKey={(d) => d.id} />
      )}
    </Section>
  );
}
