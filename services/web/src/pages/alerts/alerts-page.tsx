import { managesFleet, useSession } from '../../api/session.ts';
import { useLocation } from '../../router.tsx';
import { AlertDetailView } from './alert-detail.tsx';
import { AlertList } from './alert-list.tsx';
import { AlertRules } from './alert-rules.tsx';
import { NotificationEndpoints } from './notification-endpoints.tsx';

/** /alertes: alerts by state with their actions, then (admin, operator) rules and endpoints; /alertes/{id}: one alert. */
export function AlertsPage() {
  const location = useLocation();
  const session = useSession();
  const id = location.pathname.split('/')[2];
  if (id) return <AlertDetailView id={decodeURIComponent(id)} />;
  const manager = session.data ? managesFleet(session.data.role) : false;
  return (
    <>
      <AlertList />
      {manager ? <AlertRules /> : null}
      {manager ? <NotificationEndpoints /> : null}
    </>
  );
}
