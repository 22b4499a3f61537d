import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiError, type PersonRole } from '@vigie/contracts';
import { loginLinks } from '@vigie/store';
import type { AppDeps } from '../app-deps.ts';
import { openSession, safeNext, SIGN_IN_RATE_LIMIT } from '../sign-in/open-session.ts';
import { emitSessionEvent } from '../sign-in/session-events.ts';
import { HtmlPage, sendPage } from '../web/html-page.ts';
import { dashboardBuilt } from '../web/serve-dashboard.ts';

const LinkQuery = z.object({ token: z.string().max(200).optional(), next: z.string().max(2_000).optional() });

/** GET /auth/link: a one-time sign-in link opens a session and sends the browser to the dashboard. */
export async function signInLinkRoutes(app: FastifyInstance, deps: AppDeps) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/auth/link',
    {
      config: { rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        tags: ['sign-in'],
        summary: 'Use a one-time sign-in link (303 to the dashboard, with the session cookie)',
        querystring: LinkQuery,
        security: [],
        response: {
          200: HtmlPage('to a HEAD probe (mail and chat previews), which uses nothing up; a GET answers 303'),
          400: ApiError,
          410: HtmlPage('the link is unknown, used or expired (when the dashboard is not built; otherwise 303 to /connexion)'),
        },
      },
    },
    async (request, reply) => {
      // The token is in this URL: no page it leads to may see it in a Referer, no cache may keep it.
      reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
      // Mail and chat previews probe links with HEAD: that must not use the link up.
      if (request.method === 'HEAD') return reply.status(200).type('text/html; charset=utf-8').send('');
      const link = request.query.token ? await loginLinks.consume(deps.db, request.query.token) : undefined;
      if (!link) {
        await emitSessionEvent(deps, request, {
          action: 'sign_in.refused',
          tenantId: null,
          method: 'link',
          reason: 'link_unknown_used_or_expired',
        });
        if (await dashboardBuilt(deps.config.web.distDir)) return reply.redirect('/connexion?erreur=lien_expire', 303);
        return sendPage(reply, 410, 'Lien de connexion expiré ou déjà utilisé', [
          'Un lien de connexion ne sert qu’une fois, et pendant quelques minutes seulement.',
          'Demandez un nouveau lien à votre administrateur Vigie (npm run vigie -- login-link).',
        ]);
      }
      await openSession(deps, reply, {
        tenantId: link.tenant_id,
        role: link.role as PersonRole,
        establishmentUais: link.establishment_uais,
        subject: link.subject ?? `link:${link.id}`,
        displayName: link.display_name,
        method: 'link',
      });
      return reply.redirect(safeNext(request.query.next), 303);
    },
  );
}
