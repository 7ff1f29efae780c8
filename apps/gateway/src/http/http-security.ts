import helmet, { type HelmetOptions } from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { GatewayEnv } from '../gateway.env';
import { RouteTable } from './route-table';

/**
 * What every response of the gateway gets: security headers (helmet), `Cache-Control: no-store`
 * on the API (responses carry keys and secrets), CORS only for the origins in CORS_ORIGINS, and
 * the route table behind 405 answers.
 */
export async function secureHttp(
  app: NestFastifyApplication,
  env: GatewayEnv,
): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const routes = app.get(RouteTable);
  fastify.addHook('onRoute', (route) => routes.add(route.url, route.method));
  // A path with a route of its own answers 405 for its other methods, rather than letting them
  // fall through to a pattern route that would read the path segment as an id.
  fastify.addHook('onRequest', async (req, reply) => {
    if (!routes.shadowed(req.method, req.url)) return;
    const allowed = routes.allowed(req.url);
    const path = (req.url.split('?')[0] ?? '').slice(0, 200);
    await reply
      .status(405)
      .header('allow', allowed.join(', '))
      .header('content-type', 'application/json; charset=utf-8')
      .send({ error: { code: 'method_not_allowed', message: `${req.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}` } });
  });

  // The headers do not depend on the request: computed once by helmet, set on every reply.
  // (@fastify/helmet builds helmet's middleware, CSP parsing included, again for each request:
  // 5 % of the gateway's CPU at 1,000 events/s.)
  const headers = securityHeaders(HELMET_OPTIONS);
  fastify.addHook('onRequest', (_req, reply, done) => {
    void reply.headers(headers);
    done();
  });

  fastify.addHook('onSend', async (req, reply) => {
    if (req.url.startsWith('/v1/') || req.url === '/v1')
      void reply.header('cache-control', 'no-store');
  });

  const origins = corsOrigins(env.CORS_ORIGINS);
  if (origins.length > 0) {
    app.enableCors({
      origin: origins,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'idempotency-key'],
      exposedHeaders: ['retry-after'],
      credentials: false,
      maxAge: 600,
    });
  }

  // A JSON content type with an empty body (a DELETE or POST sent by a generic client) is "no
  // body", not invalid JSON: the header goes before the body parser sees it, and routes that need
  // a body say so with a 400 naming it.
  fastify.addHook('onRequest', async (req) => {
    const length = req.headers['content-length'];
    if (
      (length === undefined || length === '0') &&
      req.headers['transfer-encoding'] === undefined
    )
      delete req.headers['content-type'];
  });
}

const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    // Swagger UI (/docs) and the dashboard (/) load scripts from this origin only; both set
    // inline styles. No upgrade-insecure-requests: local stacks are plain http.
    directives: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      frameAncestors: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      upgradeInsecureRequests: null,
    },
  },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
};

/** The headers helmet sets with these options (it sets the same ones on every response). */
export function securityHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(options)({} as never, res as never, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/** CORS_ORIGINS as a list; empty means CORS is off (no Access-Control-* headers at all). */
export function corsOrigins(setting: string): string[] {
  return setting
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}
