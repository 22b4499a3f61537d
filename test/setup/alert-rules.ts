import { alertRules } from '@vigie/store';
import type { TestEnv } from './test-env.ts';

/**
 * An alert rule of the tenant written straight to the store: enabled, with no per-establishment
 * overrides, and unless `rule` says otherwise a warning named 'offline' for devices silent 14 days.
 */
export function createRule(env: TestEnv, tenantId: string, rule: Partial<alertRules.RuleValues> = {}) {
  return alertRules.create(env.db, tenantId, {
    kind: 'device_offline',
    name: 'offline',
    severity: 'warning',
    enabled: true,
    params: { days: 14 },
    overrides: {},
    ...rule,
  });
}
