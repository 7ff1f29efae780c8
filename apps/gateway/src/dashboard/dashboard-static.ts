import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply } from 'fastify';

// The dashboard's client-side routes: each answers index.html so deep links and reloads work.
// Listed explicitly (no catch-all) so /v1, /docs, /healthz and /readyz stay untouched
// and unknown paths keep the API's JSON 404.
export const DASHBOARD_ROUTES = [
  '/',
  '/webhooks',
  '/webhooks/*',
  '/logs',
  '/logs/*',
];

/** DASHBOARD_DIR, or the Vite build next to the gateway bundle (dist/apps/dashboard beside dist/apps/gateway). */
export function dashboardDir(configured: string): string {
  return configured
    ? path.resolve(configured)
    : path.resolve(__dirname, '..', 'dashboard');
}

// The page handles API keys and secrets: no framing (clickjacking), scripts from this origin only.
export const PAGE_HEADERS = {
  'cache-control': 'no-cache',
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Fastgen Webhooks</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>The dashboard is not built</h1>
<p>Build it with <code>npx nx build dashboard</code> (or set <code>DASHBOARD_DIR</code> to a built copy) and restart the gateway.
The API is running: see <a href="/docs">/docs</a>.</p></body></html>`;

/**
 * Serves the built dashboard at `/`; without a build, `/` explains how to build it instead of
 * failing. Synchronous on purpose: the static plugin is queued and loads when Fastify gets ready,
 * so this can run from the synchronous configure step before listen.
 */
export function serveDashboard(
  app: NestFastifyApplication,
  configuredDir: string,
): { dir: string; built: boolean } {
  const dir = dashboardDir(configuredDir);
  const built = fs.existsSync(path.join(dir, 'index.html'));
  const fastify = app.getHttpAdapter().getInstance();

  if (!built) {
    for (const route of DASHBOARD_ROUTES) {
      fastify.get(route, async (_req, reply: FastifyReply) =>
        reply
          .status(404)
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(NOT_BUILT),
      );
    }
    return { dir, built };
  }

  void fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/',
    // One route per file found at boot instead of a wildcard: nothing else can be shadowed.
    wildcard: false,
    index: false,
    setHeaders: (reply, filePath) => {
      // Vite puts a content hash in every asset name; index.html must always be fresh.
      const immutable = filePath.includes(`${path.sep}assets${path.sep}`);
      reply.header(
        'cache-control',
        immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      );
    },
  });
  for (const route of DASHBOARD_ROUTES) {
    fastify.get(route, (_req, reply: FastifyReply) =>
      reply.headers(PAGE_HEADERS).sendFile('index.html'),
    );
  }
  return { dir, built };
}
