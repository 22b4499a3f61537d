import { AlertList, Comparison, FleetSummary, ObsolescenceSummary, TenantActivity } from '@vigie/contracts/web';
import { withQuery } from '../../api/client.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useSessionView, useTenantZone } from '../../api/session-context.tsx';
import { seesDevices } from '../../api/session.ts';
import { useApi } from '../../api/use-api.ts';
import { addDays, mondayOf, todayIn } from '../../format/days.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { QueryState } from '../../ui/query-state.tsx';
import { AlertsSection, SourcesHealthSection } from './alerts-section.tsx';
import { EstablishmentsSection } from './establishments-section.tsx';
import { FleetSection } from './fleet-section.tsx';
import { ObsolescenceSection } from './obsolescence-section.tsx';
import { RatesSection } from './rates-section.tsx';

/**
 * The tenant at a glance, in five API calls after the session: fleet counts (kept live by the
 * stream), the tenant's days and weeks of the last two weeks, this week's comparison of establishments,
 * unresolved alerts (their source_sync_failing ones are the sources' health) and obsolescence.
 */
export function OverviewPage() {
  const { t } = useI18n();
  const session = useSessionView();
  const zone = useTenantZone();
  const today = todayIn(zone);
  const monday = mondayOf(today);
  const readsAlerts = seesDevices(session.role);

  const summary = useApi('/v1/fleet/summary', FleetSummary, queryKeys.fleetSummary);
  // Up to yesterday: today is not over, its figures grow until the evening.
  const activity = useApi(withQuery('/v1/fleet/activity', { from: addDays(monday, -7), to: addDays(today, -1) }), TenantActivity);
  // The last complete week against the one before: the current week is not over.
  const comparison = useApi(
    withQuery('/v1/comparisons', {
      metric: 'activity_rate_use',
      granularity: 'week',
      start: addDays(monday, -7),
      peers: 'type',
      history: 8,
    }),
    Comparison,
  );
  const alerts = useApi(
    readsAlerts ? withQuery('/v1/alerts', { state: 'unresolved', limit: 100 }) : null,
    AlertList,
    queryKeys.alerts({ state: 'unresolved', limit: 100 }),
  );
  const obsolescence = useApi('/v1/obsolescence', ObsolescenceSummary);

  return (
    <>
      <h1>{t('overview.title')}</h1>
      <p className="intro">{t('overview.intro')}</p>
      <QueryState query={summary}>{(s) => <FleetSection summary={s} listsDevices={seesDevices(session.role)} />}</QueryState>
      <QueryState query={activity}>{(a) => <RatesSection activity={a} monday={monday} />}</QueryState>
      <QueryState query={comparison}>{(c) => <EstablishmentsSection comparison={c} />}</QueryState>
      {readsAlerts ? (
        <div className="grid">
          <QueryState query={alerts}>{(a) => <AlertsSection alerts={a.items} timeZone={zone} />}</QueryState>
          <QueryState query={alerts}>{(a) => <SourcesHealthSection alerts={a.items} timeZone={zone} />}</QueryState>
        </div>
      ) : null}
      <QueryState query={obsolescence}>{(o) => <ObsolescenceSection summary={o} />}</QueryState>
    </>
  );
}
