import type { z } from 'zod';
import { DevicePage, ObsolescenceSummary, type Device } from '@vigie/contracts/web';
import { withQuery } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useI18n, type I18n } from '../../i18n/i18n-context.tsx';
import { labelOf, lastSeenLabel } from '../../i18n/labels.ts';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';

type DeviceRow = z.infer<typeof Device>;
const LIMIT = 200;

/** Idle, offline, never-connected and obsolete devices of one establishment: each calls for a different action. */
export function DevicesView({ uai, timeZone }: { uai: string; timeZone: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const list = (filter: Record<string, string>) => withQuery('/v1/devices', { establishment: uai, limit: LIMIT, ...filter });
  const idle = useApi(list({ idle: 'true' }), DevicePage);
  const offline = useApi(list({ offline: 'true' }), DevicePage);
  const neverConnected = useApi(list({ never_connected: 'true' }), DevicePage);
  const obsolete = useApi(list({ obsolete: 'any' }), DevicePage);
  const reasons = useApi(withQuery('/v1/obsolescence', { establishment: uai }), ObsolescenceSummary);
  const base = baseColumns(i18n, timeZone);
  const obsoleteColumns: Column<DeviceRow>[] = [
    ...base.slice(0, 3),
    { label: t('establishment.col.acquired'), text: (d) => i18n.f.date(d.acquired_on) },
    { label: t('establishment.col.warrantyEnd'), text: (d) => i18n.f.date(d.warranty_end) },
    { label: t('establishment.col.supportEnd'), text: (d) => i18n.f.date(d.support_end) },
    {
      label: t('establishment.col.battery'),
      text: (d) => (d.battery_health_pct === null ? i18n.f.number(null) : i18n.f.percent(d.battery_health_pct / 100)),
      numeric: true,
    },
    { label: t('establishment.col.os'), text: (d) => [d.os_name, d.os_version].filter(Boolean).join(' ') },
  ];
  return (
    <>
      <p className="definition">{t('establishment.timeZone', { zone: timeZone })}</p>
      <DeviceList title={t('establishment.idle')} query={idle} columns={base} />
      <DeviceList title={t('establishment.offline')} query={offline} columns={base} />
      <DeviceList title={t('establishment.neverConnected')} query={neverConnected} columns={base} />
      <Section title={t('establishment.obsoleteReasons')}>
        <QueryState query={reasons}>
          {(r) => {
            const rows = Object.entries(r.by_reason).sort((a, b) => b[1] - a[1]);
            const columns: Column<[string, number]>[] = [
              { label: t('col.reason'), text: ([reason]) => labelOf(t, 'reason', reason) },
              { label: t('col.devices'), text: ([, n]) => i18n.f.number(n), numeric: true },
            ];
            return (
              <>
                <p>{t('overview.obsolescenceTotal', { count: r.devices_flagged })}</p>
                <div className="section-actions">
                  <CsvButton name={t('establishment.obsoleteReasons')} columns={columns} rows={rows} />
                </div>
                <DataTable
                  caption={t('establishment.obsoleteReasons')}
                  captionHidden
                  columns={columns}
                  rows={rows}
                  rowKey={([reason]) => reason}
                />
              </>
            );
          }}
        </QueryState>
      </Section>
      <DeviceList title={t('establishment.obsolete')} query={obsolete} columns={obsoleteColumns} />
    </>
  );
}

function baseColumns({ t, f }: I18n, timeZone: string): Column<DeviceRow>[] {
  return [
    { label: t('establishment.col.serial'), text: (d) => d.serial ?? f.number(null) },
    { label: t('establishment.col.model'), text: (d) => d.model ?? f.number(null) },
    { label: t('col.kind'), text: (d) => labelOf(t, 'kind', d.kind) },
    { label: t('establishment.col.cart'), text: (d) => d.cart ?? '' },
    { label: t('establishment.col.lastSeen'), text: (d) => lastSeenLabel(t, d.last_seen, (at) => f.dateTime(at, timeZone)) },
  ];
}

function DeviceList({
  title,
  query,
  columns,
}: {
  title: string;
  query: ReturnType<typeof useApi<typeof DevicePage>>;
  columns: Column<DeviceRow>[];
}) {
  const { t, f } = useI18n();
  const rows = query.data?.items ?? [];
  return (
    <Section
      title={query.data ? `${title} (${f.number(rows.length)}${query.data.next_cursor ? '+' : ''})` : title}
      actions={<CsvButton name={title} columns={columns} rows={rows} />}
    >
      <QueryState query={query} isEmpty={(p) => p.items.length === 0} empty={t('establishment.noDevice')}>
        {(p) => (
          <>
            {p.next_cursor ? <p className="definition">{t('establishment.listCapped', { count: LIMIT })}</p> : null}
            <DataTable caption={title} captionHidden columns={columns} rows={p.items} rowKey={(d) => d.id} />
          </>
        )}
      </QueryState>
    </Section>
  );
}
