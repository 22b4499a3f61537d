import { describe, expect, it } from 'vitest';
import {
  AlertRuleKinds,
  AlertStates,
  AuditActorKinds,
  CalendarExceptionKinds,
  DeviceKinds,
  DeviceStatuses,
  ObsolescenceReasons,
  Roles,
  RuleParams,
  Severities,
  SourceKinds,
} from '@vigie/contracts/web';
import { fr } from './catalogue.ts';

// The pages build some keys from the API's vocabulary (`reason.${r}`, `sources.kind.${k}`): the
// compiler cannot check those, so this test does, for every value the contracts allow.
const built: [string, readonly string[]][] = [
  ['kind', DeviceKinds],
  ['status', DeviceStatuses],
  ['reason', ObsolescenceReasons],
  ['severity', Severities],
  ['alertState', AlertStates],
  ['app.role', Roles],
  ['alerts.rule.kind', AlertRuleKinds],
  ['alerts.rule.param', [...new Set(Object.values(RuleParams).flatMap((s) => Object.keys(s.shape)))].filter((p) => p !== 'max_age_years')],
  ['alerts.view', ['open', 'acknowledged', 'resolved', 'unresolved']],
  ['alerts.endpoint.kind', ['webhook', 'email']],
  ['alerts.delivery.kind', ['alert', 'test', 'digest']],
  ['alerts.delivery.status', ['pending', 'delivered', 'failed']],
  ['sources.kind', SourceKinds],
  ['sources.run', ['running', 'succeeded', 'failed', 'skipped']],
  ['sources.trigger', ['schedule', 'manual']],
  ['devices.signal', ['measured', 'usage', 'presence', 'none']],
  ['devices.dup.reason', ['reenrolled', 'conflicting_kind', 'placeholder_serial']],
  ['devices.state.obsolete', ['any', ...ObsolescenceReasons]],
  ['journal.actorKind', AuditActorKinds],
  ['calendar.kind', CalendarExceptionKinds],
];

describe('keys built from the API vocabulary', () => {
  it.each(built)('%s.* has a message for every value', (prefix, values) => {
    const missing = values.map((v) => `${prefix}.${v}`).filter((key) => !(key in fr));
    expect(missing).toEqual([]);
  });
});
