import { useQueries } from '@tanstack/react-query';
import type { z } from 'zod';
import { CartList, CartUtilisation } from '@vigie/contracts/web';
import { get, withQuery } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { addDays, mondayOf } from '../../format/days.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { Failure, Loading, QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';

type Utilisation = z.infer<typeof CartUtilisation>;
const WEEKS = 4;

/** Each cart (classe mobile): half-days taken out over the last four weeks, and the share of its devices used when out. */
export function CartsView({ uai, today }: { uai: string; today: string }) {
  const { t } = useI18n();
  const carts = useApi(`/v1/establishments/${encodeURIComponent(uai)}/carts`, CartList);
  return (
    <Section title={t('establishment.carts')}>
      <QueryState query={carts} isEmpty={(c) => c.items.length === 0} empty={t('establishment.cartsNone')}>
        {(c) => (
          <CartTable ids={c.items.map((cart) => cart.id)} from={addDays(mondayOf(today), -7 * (WEEKS - 1))} to={addDays(today, -1)} />
        )}
      </QueryState>
    </Section>
  );
}

function CartTable({ ids, from, to }: { ids: string[]; from: string; to: string }) {
  const { t, f } = useI18n();
  const results = useQueries({
    queries: ids.map((id) => {
      const path = withQuery(`/v1/carts/${id}/utilisation`, { from, to });
      return { queryKey: ['api', path], queryFn: ({ signal }: { signal: AbortSignal }) => get(path, CartUtilisation, signal) };
    }),
  });
  const failed = results.find((r) => r.isError);
  if (failed) return <Failure error={failed.error} retry={() => results.forEach((r) => void r.refetch())} />;
  if (results.some((r) => r.isPending)) return <Loading />;
  const rows = results.map((r) => r.data!).sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const columns: Column<Utilisation>[] = [
    { label: t('establishment.col.cart'), text: (c) => c.name },
    {
      label: t('establishment.col.halfDays'),
      text: (c) => `${f.number(c.summary.used_half_days)} / ${f.number(c.summary.school_half_days)}`,
      numeric: true,
    },
    { label: t('establishment.col.halfDayRate'), text: (c) => f.percent(c.summary.half_day_use_rate), numeric: true },
    { label: t('establishment.col.activeShare'), text: (c) => f.percent(c.summary.mean_active_share), numeric: true },
  ];
  const title = `${t('establishment.carts')} (${f.date(from)} – ${f.date(to)})`;
  return (
    <>
      <div className="section-actions">
        <CsvButton name={t('establishment.carts')} columns={columns} rows={rows} />
      </div>
      <DataTable caption={title} columns={columns} rows={rows} rowKey={(c) => c.cart_id} />
    </>
  );
}
