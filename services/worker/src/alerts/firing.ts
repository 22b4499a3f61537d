import { RuleParams, type AlertRuleKind } from '@vigie/contracts';

/** A subject for which a rule's condition holds now. */
export interface Firing {
  subjectType: 'device' | 'establishment' | 'cart' | 'source';
  subjectId: string;
  establishmentId: string | null;
  title: string;
  details: Record<string, unknown>;
}

/** What the conditions read about a device (no identifiers of people, ever). */
export interface DeviceFacts {
  id: string;
  serial: string | null;
  establishment_id: string | null;
  cart_id: string | null;
  kind: string;
  status: string;
  assignment: string | null;
  acquired_on: string | null;
  warranty_end: string | null;
  support_end: string | null;
  first_seen: Date;
  /** The last contact a source reported; null: the device never connected. */
  last_contact: Date | null;
}

/** The rule's thresholds for one establishment: its override merged over the rule's params. */
export function paramsFor<K extends AlertRuleKind>(
  kind: K,
  params: Record<string, unknown>,
  overrides: Record<string, Record<string, unknown>>,
  establishmentId: string | null,
): RuleParams<K> {
  const override = establishmentId ? overrides[establishmentId] : undefined;
  return RuleParams[kind].parse({ ...params, ...override }) as RuleParams<K>;
}

// Devices under repair, kept as spares or in stock are not expected to be used or to check in.
export const inService = (d: DeviceFacts) => d.status === 'in_service' && d.assignment !== 'stock';
