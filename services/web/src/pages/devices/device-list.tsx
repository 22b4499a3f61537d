import { useState, type FormEvent } from 'react';
import { DeviceKinds, DeviceStatuses, ObsolescenceReasons } from '@vigie/contracts/web';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { useSearchParam } from '../../router.tsx';
import { CsvButton } from '../../ui/csv-button.tsx';
import { DataTable } from '../../ui/data-table.tsx';
import { Failure, Loading } from '../../ui/query-state.tsx';
import { Section } from '../../ui/section.tsx';
import { deviceColumns, establishmentLookups, kindKey, statusKey } from './device-columns.tsx';
import { useDevices, useEstablishments } from './device-queries.ts';
import { NextPageButton } from '../../ui/next-page-button.tsx';

const STATES = ['idle', 'offline', 'obsolete:any', ...ObsolescenceReasons.map((r) => `obsolete:${r}`)] as const;
const stateKey = (state: string) => `devices.state.${state.replace(':', '.')}` as MessageKey;

/** Search (serial, model, manufacturer, OS) and filters, all in the address so a list can be shared. */
export function DeviceList() {
  const i18n = useI18n();
  const { t } = i18n;
  const [q, setQ] = useSearchParam('q');
  const [establishment, setEstablishment] = useSearchParam('etablissement');
  const [kind, setKind] = useSearchParam('type');
  const [status, setStatus] = useSearchParam('statut');
  const [state, setState] = useSearchParam('etat');
  const [text, setText] = useState(q ?? '');
  const establishments = useEstablishments();
  const devices = useDevices({ q, establishment, kind, status, state });
  const { zoneOf, nameOf } = establishmentLookups(establishments.data?.items, t);
  const columns = deviceColumns(i18n, zoneOf, nameOf);
  const rows = devices.data?.pages.flatMap((p) => p.items) ?? [];
  const search = (event: FormEvent) => {
    event.preventDefault();
    setQ(text.trim() || null);
  };

  return (
    <>
      <h1>{t('devices.title')}</h1>
      <p className="intro">{t('devices.intro')}</p>
      <form className="controls" role="search" onSubmit={search}>
        <label>
          {t('devices.search')}
          <input type="search" value={text} onChange={(e) => setText(e.target.value)} maxLength={100} />
        </label>
        <button type="submit" className="button">
          {t('devices.searchButton')}
        </button>
        <label>
          {t('col.establishment')}
          <select value={establishment ?? ''} onChange={(e) => setEstablishment(e.target.value || null)}>
            <option value="">{t('devices.all')}</option>
            {establishments.data?.items.map((e) => (
              <option key={e.uai} value={e.uai}>
                {e.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('col.kind')}
          <select value={kind ?? ''} onChange={(e) => setKind(e.target.value || null)}>
            <option value="">{t('devices.all')}</option>
            {DeviceKinds.map((k) => (
              <option key={k} value={k}>
                {t(kindKey(k))}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('col.status')}
          <select value={status ?? ''} onChange={(e) => setStatus(e.target.value || null)}>
            <option value="">{t('devices.all')}</option>
            {DeviceStatuses.map((s) => (
              <option key={s} value={s}>
                {t(statusKey(s))}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('devices.state')}
          <select value={state ?? ''} onChange={(e) => setState(e.target.value || null)}>
            <option value="">{t('devices.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(stateKey(s))}
              </option>
            ))}
          </select>
        </label>
      </form>
      <Section title={t('devices.list')} actions={<CsvButton name={t('devices.list')} columns={columns} rows={rows} />}>
        {devices.isPending ? (
          <Loading />
        ) : devices.isError ? (
          <Failure error={devices.error} retry={() => void devices.refetch()} />
        ) : (
          <>
            <p className="state" role="status">
              {t(devices.hasNextPage ? 'devices.shownMore' : 'devices.shown', { count: rows.length })}
            </p>
            {rows.length > 0 ? (
              <DataTable caption={t('devices.list')} captionHidden columns={columns} rows={rows} rowKey={(d) => d.id} />
            ) : null}
            <NextPageButton query={devices} label={t('devices.more')} />
          </>
        )}
      </Section>
    </>
  );
}
