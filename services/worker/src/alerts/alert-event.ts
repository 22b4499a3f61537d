import type { LiveEvent } from '@vigie/contracts';
import type { alerts } from '@vigie/store';

type AlertRow = NonNullable<Awaited<ReturnType<typeof alerts.find>>>;
type AlertEventKind = Extract<LiveEvent, { alert: unknown }>['kind'];

/** The live event of an alert's change: the alert's identity and state, nothing more. */
export function alertEvent(kind: AlertEventKind, a: AlertRow): LiveEvent {
  return {
    kind,
    alert: {
      id: a.id, rule_id: a.rule_id, rule_kind: a.rule_kind, severity: a.severity as 'warning', state: a.state as 'open',
      subject_type: a.subject_type as 'device', subject_id: a.subject_id, establishment_id: a.establishment_id, title: a.title,
    },
  };
}
