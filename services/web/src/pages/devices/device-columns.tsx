import type { z } from 'zod';
import type { Device, Establishment } from '@vigie/contracts/web';
import type { I18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { Link } from '../../router.tsx';
import type { Column } from '../../ui/data-table.tsx';
import { lastSeenLabel } from '../../i18n/labels.ts';

export type DeviceRow = z.infer<typeof Device>;
export type EstablishmentRow = z.infer<typeof Establishment>;

export const deviceHref = (id: string) => `/appareils/${encodeURIComponent(id)}`;
export const kindKey = (kind: string) => `kind.${kind}` as MessageKey;
export const statusKey = (status: string) => `status.${status}` as MessageKey;

/** The list's columns; a time is shown in the device's establishment's time zone (La Réunion differs). */
export function deviceColumns(
  { t, f }: I18n,
  zoneOf: (uai: string | null) => string,
  nameOf: (uai: string | null) => string,
): Column<DeviceRow>[] {
  return [
    {
      label: t('devices.col.serial'),
      text: (d) => d.serial ?? t('devices.noSerial'),
      render: (d) => <Link to={deviceHref(d.id)}>{d.serial ?? t('devices.noSerial')}</Link>,
    },
    { label: t('devices.col.model'), text: (d) => [d.manufacturer, d.model].filter(Boolean).join(' ') || '—' },
    { label: t('col.kind'), text: (d) => t(kindKey(d.kind)) },
    { label: t('col.status'), text: (d) => t(statusKey(d.status)) },
    { label: t('col.establishment'), text: (d) => nameOf(d.establishment_uai) },
    { label: t('devices.col.os'), text: (d) => [d.os_name, d.os_version].filter(Boolean).join(' ') || '—' },
    { label: t('devices.col.lastSeen'), text: (d) => lastSeenLabel(t, d.last_seen, (at) => f.dateTime(at, zoneOf(d.establishment_uai))) },
  ];
}

/** Lookups from a UAI to its establishment's name and time zone (Paris when unplaced). */
export function establishmentLookups(items: readonly EstablishmentRow[] | undefined, t: I18n['t']) {
  const byUai = new Map((items ?? []).map((e) => [e.uai, e]));
  return {
    zoneOf: (uai: string | null) => (uai && byUai.get(uai)?.time_zone) || 'Europe/Paris',
    nameOf: (uai: string | null) => (uai ? (byUai.get(uai)?.name ?? uai) : t('devices.unplaced')),
  };
}
