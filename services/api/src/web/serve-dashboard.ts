import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { AppDeps } from '../app-deps.ts';
import { CONTENT_SECURITY_POLICY, htmlHeaders, sendPage } from './html-page.ts';

// Vite names the files of assets/ after their content hash: a new build gets new names, so they may
// be cached for a year. Everything else (index.html, favicon) is revalidated on every load.
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

// Paths the API answers itself: a miss there is a JSON 404, never the dashboard.
const API_PREFIXES = ['/v1', '/auth', '/docs', '/openapi.json', '/healthz', '/readyz', '/metrics'];

export function isApiPath(url: string): boolean {
  const pathname = url.split('?')[0]!;
  return API_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

/** Whether a request is a browser navigation the dashboard should answer (its client-side routes). */
export function wantsDashboard(request: FastifyRequest): boolean {
  const navigation = (request.method === 'GET' || request.method === 'HEAD') && (request.headers.accept ?? '').includes('text/html');
  // A missing hashed file is a stale page asking for an old build: a 404, not the app in its place.
  return navigation && !isApiPath(request.url) && !request.url.startsWith('/assets/');
}

/** Registers the dashboard's build (config.web.distDir): its files, and index.html at / and as fallback. */
export async function serveDashboard(app: FastifyInstance, deps: AppDeps) {
  const root = deps.config.web.distDir;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    index: false,
    // Files are looked up per request: the build may appear after the API started.
    wildcard: true,
    decorateReply: false,
    cacheControl: false,
    setHeaders(res, file) {
      const relative = path.relative(root, file);
      res.setHeader('cache-control', relative.startsWith(`assets${path.sep}`) ? IMMUTABLE : REVALIDATE);
      res.setHeader('x-content-type-options', 'nosniff');
      if (file.endsWith('.html')) res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    },
  });
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendIndex(reply, root));
}

/** index.html with no-cache, or a French 503 page saying how to build the dashboard. */
export async function sendIndex(reply: FastifyReply, root: string) {
  let html: Buffer;
  try {
    html = await readFile(path.join(root, 'index.html'));
  } catch {
    return sendPage(
      reply,
      503,
      'Le tableau de bord n’est pas construit',
      [
        `L’API fonctionne, mais aucune version construite du tableau de bord n’a été trouvée dans ${root}.`,
        'Construisez-le avec « npm run build --workspace services/web » (npm run demo et npm test le font d’eux-mêmes), ou indiquez son dossier par la variable WEB_DIST_DIR.',
      ],
      { href: '/docs', label: 'Documentation de l’API' },
    );
  }
  return htmlHeaders(reply).header('cache-control', REVALIDATE).send(html);
}

/** Whether the dashboard's build is there (a sign-in then lands on its pages rather than the API's). */
export async function dashboardBuilt(root: string): Promise<boolean> {
  return readFile(path.join(root, 'index.html')).then(
    () => true,
    () => false,
  );
}
