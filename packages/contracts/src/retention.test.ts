import { describe, expect, it } from 'vitest';
import { instanceRetention, RETENTION_CLASSES, RetentionClassIds, RetentionDays, tenantRetention } from './retention.ts';

describe('retention classes', () => {
  it('every default lies within the bounds a tenant may choose', () => {
    const outside = RetentionClassIds.filter((id) => {
      const c = RETENTION_CLASSES[id];
      return c.tenant !== null && (c.defaultDays < c.tenant.min || c.defaultDays > c.tenant.max);
    });
    expect(outside).toEqual([]);
  });

  it("a one-to-one device's daily usage is kept shorter than a shared device's, even at the longest a tenant may set", () => {
    expect(RETENTION_CLASSES.personal_device_days.defaultDays).toBeLessThan(RETENTION_CLASSES.device_days.defaultDays);
    expect(RETENTION_CLASSES.personal_device_days.tenant.max).toBeLessThan(RETENTION_CLASSES.device_days.defaultDays);
  });

  it("a tenant's setting overrides the instance for its classes only; the environment overrides the defaults", () => {
    const instance = instanceRetention({ check_ins: 200 });
    expect(instance.check_ins).toBe(200);
    expect(instance.device_days).toBe(400);
    expect(tenantRetention(instance, { device_days: 90 })).toMatchObject({ check_ins: 200, device_days: 90, alerts: 365 });
  });

  it.each([
    [{ device_days: 29 }, 'device_days'],
    [{ aggregates: 4000 }, 'aggregates'],
    [{ outbox: 30 }, 'outbox'],
    [{ audit_log: 30 }, 'audit_log'],
  ])('refuses %j, naming the class', (value, path) => {
    const parsed = RetentionDays.safeParse(value);
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues[0]!;
    expect(issue.path.length ? issue.path.join('.') : (issue as { keys?: string[] }).keys?.join('.')).toBe(path);
  });
});
