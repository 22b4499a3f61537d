import { alertLiveFields, type LiveEvent } from '@vigie/contracts';
import { alerts } from '@vigie/store';

type AlertEventKind = Extract<LiveEvent, { alert: unknown }>['kind'];

/** The live event of an alert's change: the alert's identity and state, nothing more. */
export function alertEvent(kind: AlertEventKind, a: alerts.AlertRow): LiveEvent {
  return { kind, alert: alertLiveFields(alerts.toAlert(a)) };
}
