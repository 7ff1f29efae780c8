import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { IncomingRequestRecorder } from './incoming/incoming-request.recorder';
import { serveDashboard } from './dashboard/dashboard-static';
import { installBodyDepthLimit } from './common/json-body';
import { APP_ENV, gatewayTelemetry } from '@fastgen/platform';
import type { GatewayEnv } from './gateway.env';

/** The OpenAPI document of every route (served at /docs-json, committed as docs/openapi.json). */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Fastgen Webhooks API')
    .setDescription('Send events; every subscribed endpoint receives a signed HTTP request. JSON in, JSON out, snake_case fields.')
    .setVersion(process.env['npm_package_version'] ?? '0.1.0')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key of a project + environment' }, 'api-key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, 'admin')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** Swagger at /docs (JSON at /docs-json) and the incoming-request log hook. */
export function configureHttp(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'docs-json' });

  installBodyDepthLimit(app.getHttpAdapter().getInstance());

  const recorder = app.get(IncomingRequestRecorder);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onResponse', async (req, reply) => {
      if (req.method === 'POST' && req.routeOptions.url === '/v1/events') gatewayTelemetry.eventRequest(reply.statusCode);
      if (recorder.shouldRecord(req.url)) recorder.record(req, reply);
    });

  // The dashboard's static files at `/` (apps/gateway/src/dashboard).
  serveDashboard(app, app.get<GatewayEnv>(APP_ENV).DASHBOARD_DIR);
}
