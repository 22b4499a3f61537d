import { EstablishmentList } from '@vigie/contracts/web';
import { queryKeys } from '../../api/query-keys.ts';
import { useSessionView } from '../../api/session-context.tsx';
import { seesDevices } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { todayIn } from '../../format/days.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import type { MessageKey } from '../../i18n/catalogue.ts';
import { Link, useSearchParam } from '../../router.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { BilanView } from './bilan-view.tsx';
import { CartsView } from './carts-view.tsx';
import { DevicesView } from './devices-view.tsx';
import { UsageView } from './usage-view.tsx';

// Each view of an establishment is its own address (?uai=…&vue=…) and loads only its own data.
const Views = ['usage', 'classes-mobiles', 'appareils', 'bilan'] as const;
type View = (typeof Views)[number];
const viewLabel: Record<View, MessageKey> = {
  usage: 'establishment.view.usage',
  'classes-mobiles': 'establishment.view.carts',
  appareils: 'establishment.view.devices',
  bilan: 'establishment.view.bilan',
};

export function EstablishmentPage() {
  const { t } = useI18n();
  const session = useSessionView();
  const [uaiParam, setUai] = useSearchParam('uai');
  const [viewParam] = useSearchParam('vue');
  const establishments = useApi('/v1/establishments', EstablishmentList, queryKeys.establishments);
  // A partner never sees a device list: the view is not offered, and the API would refuse it.
  const views = Views.filter((v) => v !== 'appareils' || seesDevices(session.role));
  const view: View = (views as readonly string[]).includes(viewParam ?? '') ? (viewParam as View) : 'usage';

  return (
    <>
      <h1 className="no-print">{t('establishment.title')}</h1>
      <QueryState query={establishments} isEmpty={(e) => e.items.length === 0} empty={t('establishment.none')}>
        {({ items }) => {
          const mine = session.role === 'establishment' ? items.filter((e) => session.uais.includes(e.uai)) : items;
          const sorted = [...mine].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
          const current = sorted.find((e) => e.uai === uaiParam) ?? sorted[0];
          if (!current) return <p className="state">{t('establishment.none')}</p>;
          const today = todayIn(current.time_zone);
          const href = (v: View) => `/etablissement?uai=${encodeURIComponent(current.uai)}&vue=${v}`;
          return (
            <>
              <div className="controls no-print">
                <label>
                  {t('establishment.pick')}
                  <select value={current.uai} onChange={(e) => setUai(e.target.value)}>
                    {sorted.map((e) => (
                      <option key={e.uai} value={e.uai}>
                        {e.name} ({e.uai})
                      </option>
                    ))}
                  </select>
                </label>
              </div>
              <nav className="subnav no-print" aria-label={t('establishment.view')}>
                <ul>
                  {views.map((v) => (
                    <li key={v}>
                      <Link to={href(v)} aria-current={v === view ? 'page' : undefined}>
                        {t(viewLabel[v])}
                      </Link>
                    </li>
                  ))}
                </ul>
              </nav>
              {view === 'usage' ? <UsageView uai={current.uai} today={today} /> : null}
              {view === 'classes-mobiles' ? <CartsView uai={current.uai} today={today} /> : null}
              {view === 'appareils' ? <DevicesView uai={current.uai} timeZone={current.time_zone} /> : null}
              {view === 'bilan' ? <BilanView establishment={current} today={today} /> : null}
              {!seesDevices(session.role) ? <p className="definition">{t('establishment.partnerNote')}</p> : null}
            </>
          );
        }}
      </QueryState>
    </>
  );
}
