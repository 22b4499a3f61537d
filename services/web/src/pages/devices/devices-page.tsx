import '../../ui/forms.css';
import { useSession, managesFleet } from '../../api/session.ts';
import { useLocation } from '../../router.tsx';
import { DeviceDetailView } from './device-detail.tsx';
import { DeviceList } from './device-list.tsx';
import { DuplicatesReview } from './duplicates-review.tsx';

/** /appareils lists and searches devices; /appareils/{id} is one device. */
export function DevicesPage() {
  const location = useLocation();
  const session = useSession();
  const id = location.pathname.split('/')[2];
  if (id) return <DeviceDetailView id={decodeURIComponent(id)} />;
  return (
    <>
      <DeviceList />
      {session.data && managesFleet(session.data.role) ? <DuplicatesReview /> : null}
    </>
  );
}
