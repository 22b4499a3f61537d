import type { z } from 'zod';
import type { DeviceDetail, DeviceProvenance } from '@vigie/contracts/web';
import { ChartFigure } from '../../charts/chart-figure.tsx';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { Link } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable, type Column } from '../../ui/data-table.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { establishmentLookups, kindKey, statusKey } from './device-columns.tsx';
import { useDevice, useEstablishments, useProvenance } from './device-queries.ts';
import { lastSeenLabel } from '../../i18n/labels.ts';

type Detail = z.infer<typeof DeviceDetail>;
type Day = Detail['days'][number];
type Claim = z.infer<typeof DeviceProvenance>['items'][number];

/** One device: what it is, where each attribute comes from, its last 30 days, why it is obsolete. */
export function DeviceDetailView({ id }: { id: string }) {
  const { t } = useI18n();
  const device = useDevice(id);
  return (
    <>
      <p className="no-print">
        <Link to="/appareils">{t('devices.back')}</Link>
      </p>
      <QueryState query={device}>{(d) => <DeviceSections device={d} />}</QueryState>
    </>
  );
}

function DeviceSections({ device }: { device: Detail }) {
  const { t, f } = useI18n();
  const establishments = useEstablishments();
  const { zoneOf, nameOf } = establishmentLookups(establishments.data?.items, t);
  const zone = zoneOf(device.establishment_uai);
  const facts: [MessageKey, string][] = [
    ['col.kind', t(kindKey(device.kind))],
    ['col.status', t(statusKey(device.status))],
    ['devices.col.model', [device.manufacturer, device.model].filter(Boolean).join(' ') || '—'],
    ['devices.col.os', [device.os_name, device.os_version].filter(Boolean).join(' ') || '—'],
    ['col.establishment', nameOf(device.establishment_uai)],
    ['devices.cart', device.cart ?? '—'],
    ['devices.acquired', f.date(device.acquired_on)],
    ['devices.warranty', f.date(device.warranty_end)],
    ['devices.supportEnd', f.date(device.support_end)],
    ['devices.battery', device.battery_health_pct === null ? '—' : f.percent(device.battery_health_pct / 100)],
    ['devices.firstSeen', f.dateTime(device.first_seen, zone)],
    ['devices.col.lastSeen', lastSeenLabel(t, device.last_seen, (at) => f.dateTime(at, zone))],
  ];
  return (
    <>
      <h1>{t('devices.one', { serial: device.serial ?? t('devices.noSerial') })}</h1>
      {device.provisional ? <p className="notice">{t('devices.provisional')}</p> : null}
      <dl className="facts">
        {facts.map(([key, value]) => (
          <div key={key}>
            <dt>{t(key)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <Obsolescence device={device} />
      <LastDays device={device} />
      <Sources device={device} zone={zone} />
      <Provenance id={device.id} zone={zone} />
    </>
  );
}

function Obsolescence({ device }: { device: Detail }) {
  const { t, f } = useI18n();
  const flags = device.obsolescence;
  return (
    <Section title={t('devices.obsolescence')}>
      {flags.length === 0 ? (
        <p className="state">{t('devices.notObsolete')}</p>
      ) : (
        <ul>
          {flags.map((o) => (
            <li key={o.reason}>
              <strong>{t(`reason.${o.reason}` as MessageKey)}</strong> {t('devices.appliesFrom', { date: f.date(o.applies_from) })}
              {o.detail ? ` (${o.detail})` : ''}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

function LastDays({ device }: { device: Detail }) {
  const { t, f } = useI18n();
  const days = [...device.days].sort((a, b) => a.day.localeCompare(b.day));
  const columns: Column<Day>[] = [
    { label: t('col.day'), text: (d) => f.date(d.day) },
    { label: t('devices.col.active'), text: (d) => f.hours(d.active_seconds), numeric: true },
    { label: t('devices.col.usage'), text: (d) => f.hours(d.usage_seconds), numeric: true },
    { label: t('devices.col.online'), text: (d) => f.hours(d.online_minutes * 60), numeric: true },
    { label: t('devices.col.signal'), text: (d) => t(`devices.signal.${d.signal}` as MessageKey) },
  ];
  if (days.length === 0)
    return (
      <Section title={t('devices.days')}>
        <p className="state">{t('state.empty')}</p>
      </Section>
    );
  const option = {
    grid: { left: 48, right: 16, top: 36, bottom: 32 },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, right: 0 },
    xAxis: { type: 'category', data: days.map((d) => f.date(d.day)) },
    yAxis: { type: 'value', name: 'h' },
    series: [
      { type: 'bar', name: t('devices.col.active'), data: days.map((d) => Math.round(d.active_seconds / 360) / 10) },
      { type: 'bar', name: t('devices.col.online'), data: days.map((d) => Math.round(d.online_minutes / 6) / 10) },
    ],
  };
  return (
    <Section title={t('devices.days')}>
      <ChartFigure
        title={t('devices.daysChart')}
        description={t('devices.daysHint')}
        option={option}
        columns={columns}
        rows={days}
        rowKey={(d) => d.day}
      />
    </Section>
  );
}

function Sources({ device, zone }: { device: Detail; zone: string }) {
  const { t, f } = useI18n();
  const columns: Column<Detail['sources'][number]>[] = [
    { label: t('devices.col.source'), text: (s) => s.source },
    { label: t('devices.col.sourceKind'), text: (s) => s.kind },
    { label: t('devices.col.externalId'), text: (s) => s.external_id },
    { label: t('devices.firstSeen'), text: (s) => f.dateTime(s.first_seen, zone) },
    // Each record's own: an old re-enrolment record shows its own last contact.
    { label: t('devices.col.lastSeen'), text: (s) => lastSeenLabel(t, s.last_seen, (at) => f.dateTime(at, zone)) },
  ];
  return (
    <Section title={t('devices.sources')} actions={<CsvButton name={t('devices.sources')} columns={columns} rows={device.sources} />}>
      <DataTable
        caption={t('devices.sources')}
        captionHidden
        columns={columns}
        rows={device.sources}
        rowKey={(s) => `${s.source}-${s.external_id}`}
      />
    </Section>
  );
}

function Provenance({ id, zone }: { id: string; zone: string }) {
  const { t, f } = useI18n();
  const provenance = useProvenance(id);
  const columns: Column<Claim>[] = [
    { label: t('devices.col.attribute'), text: (c) => c.attribute },
    { label: t('col.value'), text: (c) => c.value },
    { label: t('devices.col.source'), text: (c) => c.source },
    { label: t('devices.col.priority'), text: (c) => f.number(c.priority), numeric: true },
    { label: t('devices.col.observed'), text: (c) => f.dateTime(c.observed_at, zone) },
    { label: t('devices.col.shown'), text: (c) => (c.winning ? t('devices.shownYes') : '') },
  ];
  return (
    <Section
      title={t('devices.provenance')}
      actions={<CsvButton name={t('devices.provenance')} columns={columns} rows={provenance.data?.items ?? []} />}
    >
      <p className="definition">{t('devices.provenanceHint')}</p>
      <QueryState query={provenance} isEmpty={(p) => p.items.length === 0}>
        {(p) => (
          <DataTable
            caption={t('devices.provenance')}
            captionHidden
            columns={columns}
            rows={p.items}
            rowKey={(c) => `${c.attribute}-${c.source}-${c.observed_at}`}
          />
        )}
      </QueryState>
    </Section>
  );
}
