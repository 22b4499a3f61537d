import type { FastifyReply } from 'fastify';
import { z } from 'zod';

// The dashboard and the API's own pages load nothing from elsewhere: collectivité networks filter
// outbound traffic, and a script from another origin could read the page. Styles may be inline
// (React and ECharts set style attributes); scripts, fonts, images and connections are same-origin.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers of every HTML answer: the CSP above, no sniffing, no framing, no referrer leaving the site. */
export function htmlHeaders(reply: FastifyReply) {
  return reply
    .header('content-security-policy', CONTENT_SECURITY_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8');
}

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A small French page the API answers itself (sign-in refused, link expired, dashboard not built). */
export function sendPage(reply: FastifyReply, status: number, title: string, paragraphs: string[], link?: { href: string; label: string }) {
  const body = paragraphs.map((p) => `<p>${escape(p)}</p>`).join('\n');
  const action = link ? `<p><a href="${escape(link.href)}">${escape(link.label)}</a></p>` : '';
  return htmlHeaders(reply).status(status).header('cache-control', 'no-store').send(`<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} · Vigie</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<main>
<h1>${escape(title)}</h1>
${body}
${action}
</main>
</body>
</html>
`);
}

/** How a French HTML page of the sign-in routes appears in the OpenAPI document. */
export const HtmlPage = (why: string) => z.string().describe(`a page in French (text/html): ${why}`);
