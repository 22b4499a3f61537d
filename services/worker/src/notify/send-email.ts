import nodemailer from 'nodemailer';
import type { WebhookPayload } from '@vigie/contracts';
import type { PostOutcome } from './post-webhook.ts';

/** The e-mail of a notification: a short plain-text rendering of the same payload a webhook gets. */
export function renderEmail(payload: WebhookPayload): { subject: string; text: string } {
  if (payload.type === 'alert.opened' && payload.alert) {
    const a = payload.alert;
    return {
      subject: `[Vigie] ${a.severity}: ${a.title}`,
      text: `${a.title}\n\nRule: ${a.rule_kind}\nOpened: ${a.opened_at}\nAlert id: ${a.id}\n\n${JSON.stringify(a.details, null, 2)}\n`,
    };
  }
  if (payload.type === 'digest' && payload.digest) {
    const d = payload.digest;
    const lines = Object.entries(d.by_rule).map(([rule, c]) => `  ${rule}: ${c.opened} opened, ${c.resolved} resolved`);
    return {
      subject: `[Vigie] Digest ${d.day}: ${d.opened} opened, ${d.resolved} resolved`,
      text: `Alerts on ${d.day}\n${lines.join('\n')}\n\nUnresolved now: ${d.open_now}\n`,
    };
  }
  return { subject: '[Vigie] Test notification', text: 'This endpoint receives Vigie notifications.\n' };
}

/** Sends one notification by SMTP; the delivery id is the Message-ID, so a retried duplicate is recognisable. */
export async function sendEmail(
  smtpUrl: string,
  from: string,
  to: string,
  payload: WebhookPayload,
  timeoutMs: number,
): Promise<PostOutcome> {
  const transport = nodemailer.createTransport(smtpUrl, {
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  try {
    const { subject, text } = renderEmail(payload);
    await transport.sendMail({ from, to, subject, text, messageId: `<${payload.id}@vigie>` });
    return { ok: true, status: 250 };
  } catch (e) {
    return { ok: false, status: null, error: `smtp: ${(e as Error).message}` };
  } finally {
    transport.close();
  }
}
