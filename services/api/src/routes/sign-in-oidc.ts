import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as client from 'openid-client';
import { z } from 'zod';
import { ApiError, OidcRule } from '@vigie/contracts';
import { establishments, oidcLogins, oidcProviders, tenants } from '@vigie/store';
import type { RouteDeps } from '../app-deps.ts';
import { displayNameOf, mapClaims } from '../sign-in/oidc-mapping.ts';
import { createOidcClients, redirectUri } from '../sign-in/oidc-client.ts';
import { openSession, safeNext, SIGN_IN_RATE_LIMIT } from '../sign-in/open-session.ts';
import { emitSessionEvent } from '../sign-in/session-events.ts';
import { HtmlPage, sendPage } from '../web/html-page.ts';

// The state also rides in this cookie, so a callback completes only in the browser that started
// the sign-in (no one can push their own sign-in onto someone else's browser).
const STATE_COOKIE = 'vigie_oidc_state';
const LOGIN_MINUTES = 10;

const StartParams = z.object({ tenantCode: z.string().max(63) });
const StartQuery = z.object({ next: z.string().max(2_000).optional() });
const CallbackQuery = z
  .object({
    code: z.string().max(4_000).optional(),
    state: z.string().max(200).optional(),
    error: z.string().max(200).optional(),
    error_description: z.string().max(1_000).optional(),
  })
  .loose();

const AGAIN = { href: '/', label: 'Revenir à la page de connexion' };

/** GET /auth/oidc/{tenantCode}/start and GET /auth/oidc/callback: sign-in with the tenant's OpenID provider. */
export async function signInOidcRoutes(app: FastifyInstance, deps: RouteDeps) {
  const typed = app.withTypeProvider<ZodTypeProvider>();
  const configurationFor = createOidcClients(deps.config, deps.db, deps.outbound);
  const cookieOptions = { httpOnly: true, secure: deps.config.sessions.secureCookie, sameSite: 'lax', path: '/auth/oidc' } as const;

  const refuse = (reply: FastifyReply, tenantId: string | null, reason: string, status: number, title: string, text: string) => {
    void emitSessionEvent(deps, reply.request, { action: 'sign_in.refused', tenantId, method: 'oidc', reason });
    reply.clearCookie(STATE_COOKIE, cookieOptions);
    return sendPage(reply, status, title, [text, 'Aucune session n’a été ouverte.'], AGAIN);
  };

  typed.get(
    '/auth/oidc/:tenantCode/start',
    {
      config: { rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        tags: ['sign-in'],
        summary: "Start signing in with the tenant's OpenID provider (303 to the provider)",
        params: StartParams,
        querystring: StartQuery,
        security: [],
        response: {
          400: ApiError,
          404: HtmlPage('this tenant has no OpenID provider'),
          502: HtmlPage('the provider could not be reached'),
        },
      },
    },
    async (request, reply) => {
      const tenant = await tenants.findByCode(deps.db, request.params.tenantCode);
      const provider = tenant && (await oidcProviders.get(deps.db, tenant.id));
      if (!tenant || !provider) {
        return sendPage(reply, 404, 'Connexion OpenID non configurée', [
          'Ce territoire n’a pas configuré de connexion par fournisseur d’identité. Demandez un lien de connexion à votre administrateur Vigie.',
        ]);
      }
      let configuration: client.Configuration;
      try {
        configuration = await configurationFor(provider);
      } catch (err) {
        request.log.warn({ err, tenantId: tenant.id, issuer: provider.issuer }, 'oidc discovery failed');
        return sendPage(
          reply,
          502,
          'Fournisseur d’identité injoignable',
          [
            'Vigie n’a pas pu joindre le fournisseur d’identité de ce territoire. Réessayez dans quelques minutes ou prévenez votre administrateur.',
          ],
          AGAIN,
        );
      }
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      await oidcLogins.create(deps.db, tenant.id, state, {
        nonce,
        codeVerifier,
        nextPath: safeNext(request.query.next),
        minutes: LOGIN_MINUTES,
      });
      const target = client.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri(deps.config),
        scope: provider.scopes.join(' '),
        state,
        nonce,
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
      });
      reply.setCookie(STATE_COOKIE, state, { ...cookieOptions, maxAge: LOGIN_MINUTES * 60 });
      return reply.header('cache-control', 'no-store').redirect(target.href, 303);
    },
  );

  typed.get(
    '/auth/oidc/callback',
    {
      config: { rateLimit: SIGN_IN_RATE_LIMIT },
      schema: {
        tags: ['sign-in'],
        summary: 'Where the OpenID provider sends the browser back (opens the session, 303 to the dashboard)',
        querystring: CallbackQuery,
        security: [],
        response: {
          400: z.union([ApiError, HtmlPage('the answer matches no sign-in started in this browser, or it expired')]),
          403: HtmlPage('the provider refused, or no rule of the tenant grants this person access'),
          502: HtmlPage("the provider's answer could not be verified"),
        },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
      const { state, error } = request.query;
      if (!state || state !== request.cookies[STATE_COOKIE]) {
        return refuse(
          reply,
          null,
          'state_mismatch',
          400,
          'Connexion refusée',
          'Cette réponse du fournisseur d’identité ne correspond à aucune connexion commencée dans ce navigateur (ou elle a expiré). Recommencez la connexion.',
        );
      }
      const pending = await oidcLogins.consume(deps.db, state);
      if (!pending)
        return refuse(
          reply,
          null,
          'state_unknown_or_expired',
          400,
          'Connexion expirée',
          'Cette connexion a expiré ou a déjà servi. Recommencez la connexion.',
        );
      if (error) {
        return refuse(
          reply,
          pending.tenant_id,
          `provider_${error}`,
          403,
          'Connexion refusée par le fournisseur d’identité',
          'Le fournisseur d’identité n’a pas autorisé la connexion (vous l’avez peut-être refusée, ou votre compte n’y a pas droit).',
        );
      }
      const provider = await oidcProviders.get(deps.db, pending.tenant_id);
      if (!provider)
        return refuse(
          reply,
          pending.tenant_id,
          'provider_removed',
          400,
          'Connexion refusée',
          'La connexion OpenID de ce territoire a été retirée entre-temps.',
        );

      let claims: Record<string, unknown>;
      try {
        const configuration = await configurationFor(provider);
        const tokens = await client.authorizationCodeGrant(
          configuration,
          new URL(request.url, `${deps.config.api.publicUrl}/`),
          {
            pkceCodeVerifier: pending.code_verifier,
            expectedState: state,
            expectedNonce: pending.nonce,
            idTokenExpected: true,
          },
          { redirect_uri: redirectUri(deps.config) },
        );
        const idClaims = tokens.claims()!;
        // Providers put groups and attributes in the ID token or only in userinfo; both are read.
        const userinfo = configuration.serverMetadata().userinfo_endpoint
          ? await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub)
          : {};
        claims = { ...userinfo, ...idClaims };
      } catch (err) {
        request.log.warn({ err, tenantId: pending.tenant_id }, 'oidc code exchange failed');
        return refuse(
          reply,
          pending.tenant_id,
          'code_exchange_failed',
          502,
          'Connexion refusée',
          'La réponse du fournisseur d’identité n’a pas pu être vérifiée. Recommencez la connexion.',
        );
      }

      const rules = (provider.rules as unknown[]).map((r) => OidcRule.parse(r));
      const granted = mapClaims(rules, claims);
      const known = granted?.role === 'establishment' ? await establishments.idsByUai(deps.db, pending.tenant_id, granted.uais) : null;
      const uais = known ? granted!.uais.filter((uai) => known.has(uai)) : [];
      if (!granted || (known && uais.length === 0)) {
        return refuse(
          reply,
          pending.tenant_id,
          'no_rule_grants_access',
          403,
          'Aucun accès pour ce compte',
          'Votre identité a bien été reconnue, mais aucune règle de ce territoire ne lui donne accès à Vigie. Demandez à votre administrateur Vigie de vous ajouter.',
        );
      }
      reply.clearCookie(STATE_COOKIE, cookieOptions);
      await openSession(deps, reply, {
        tenantId: pending.tenant_id,
        role: granted.role,
        establishmentUais: uais,
        subject: `oidc:${provider.issuer}#${String(claims.sub)}`,
        displayName: displayNameOf(claims),
        method: 'oidc',
      });
      return reply.redirect(safeNext(pending.next_path), 303);
    },
  );
}
