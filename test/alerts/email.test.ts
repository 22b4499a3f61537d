import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDigest } from '../../services/worker/src/alerts/send-digest.ts';
import { waitFor } from '../setup/test-env.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { baseTime, heartbeat, inventory } from '../setup/events.ts';
import { pushAndWait } from '../setup/push.ts';
import { queuesDrained } from '../setup/queues-drained.ts';
import { startSmtpCatcher } from '../setup/smtp-catcher.ts';
import { createRule } from '../setup/alert-rules.ts';

// The catcher starts before the environment that sends to it and closes after it (hooks registered
// earlier run before on the way in and after on the way out).
let smtp: Awaited<ReturnType<typeof startSmtpCatcher>>;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(async () => smtp?.close());
const env = useTestEnv({ env: () => ({ SMTP_URL: smtp.url, SMTP_FROM: 'Vigie <vigie@example.org>' }), worker: true });
const [t] = useTenants(env, 'mail');

describe('e-mail notifications', () => {
  it('an alert opening and the daily digest reach an e-mail endpoint once each, through SMTP', async () => {
    const created = await env.app.inject({
      method: 'POST',
      url: '/v1/notification-endpoints',
      headers: { authorization: `Bearer ${t.operator}` },
      payload: { kind: 'email', name: 'helpdesk', email: 'dsi-helpdesk@example.org' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().secret).toBeNull();
    const old = baseTime(20);
    await pushAndWait(env, t, [inventory('silent', old), heartbeat('silent', old, 5)], 'jamf');
    await createRule(env, t.tenantId, { params: {} });
    await env.queues.evaluateAlerts.add('evaluate-alerts', { tenantId: t.tenantId, trigger: 'manual' }, { jobId: 'evaluate-mail-1' });
    await waitFor(async () => smtp.mails.length >= 1, 15_000, 'the alert e-mail');
    expect(smtp.mails[0]!.to).toEqual(['<dsi-helpdesk@example.org>']);
    expect(smtp.mails[0]!.data).toContain('Subject: [Vigie] warning: tablet SN-silent has not checked in');
    await sendDigest(env.db, env.queues, env.config, t.tenantId, new Date(Date.now() + 86_400_000));
    await sendDigest(env.db, env.queues, env.config, t.tenantId, new Date(Date.now() + 86_400_000));
    // Drained queues: both digest ticks have been handled, so a second digest would be here by now.
    await queuesDrained(env);
    expect(smtp.mails).toHaveLength(2);
    expect(smtp.mails[1]!.data).toContain('1 opened, 0 resolved');
  });

  it('a test notification to an e-mail endpoint is queued and sent by the worker', async () => {
    const endpoint = (
      await env.app.inject({ method: 'GET', url: '/v1/notification-endpoints', headers: { authorization: `Bearer ${t.operator}` } })
    ).json().items[0];
    const sent = await env.app.inject({
      method: 'POST',
      url: `/v1/notification-endpoints/${endpoint.id}/test`,
      headers: { authorization: `Bearer ${t.operator}` },
    });
    expect(sent.json()).toMatchObject({ kind: 'test', status: 'pending' });
    await waitFor(async () => smtp.mails.some((m) => m.data.includes('Subject: [Vigie] Test notification')), 15_000, 'the test e-mail');
  });
});
