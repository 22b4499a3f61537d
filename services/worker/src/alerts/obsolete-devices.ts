import type { RuleParams } from '@vigie/contracts';
import type { DeviceFacts, Firing } from './firing.ts';

export interface ObsolescenceReason {
  reason: 'support_end' | 'warranty_end' | 'age';
  /** The local date from which the reason applies (may be in the future, within the horizon). */
  from: string;
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/** Why a device is obsolete, or becomes so before today + horizon_months; empty when it is not. */
export function obsolescenceReasons(d: DeviceFacts, p: RuleParams<'device_obsolete'>, today: string): ObsolescenceReason[] {
  const horizon = addMonths(today, p.horizon_months);
  const reasons: ObsolescenceReason[] = [];
  if (d.support_end && d.support_end <= horizon) reasons.push({ reason: 'support_end', from: d.support_end });
  if (d.warranty_end && d.warranty_end <= horizon) reasons.push({ reason: 'warranty_end', from: d.warranty_end });
  const maxYears = p.max_age_years[d.kind as keyof typeof p.max_age_years];
  if (d.acquired_on && maxYears) {
    const limit = addMonths(d.acquired_on, Math.round(maxYears * 12));
    if (limit <= horizon) reasons.push({ reason: 'age', from: limit });
  }
  return reasons;
}

/** Devices (not retired or lost) obsolete now or within the horizon, with every reason and its date. */
export function obsoleteDevices(
  devices: readonly DeviceFacts[],
  paramsOf: (establishmentId: string | null) => RuleParams<'device_obsolete'>,
  today: string,
): Firing[] {
  return devices.flatMap((d) => {
    if (d.status === 'retired' || d.status === 'lost') return [];
    const reasons = obsolescenceReasons(d, paramsOf(d.establishment_id), today);
    if (reasons.length === 0) return [];
    const first = reasons.reduce((a, b) => (a.from <= b.from ? a : b));
    const when = first.from <= today ? `since ${first.from}` : `from ${first.from}`;
    return [
      {
        subjectType: 'device' as const,
        subjectId: d.id,
        establishmentId: d.establishment_id,
        title: `${d.kind} ${d.serial ?? d.id} obsolete ${when} (${reasons.map((r) => r.reason).join(', ')})`,
        details: { reasons, obsolete_now: first.from <= today },
      },
    ];
  });
}
