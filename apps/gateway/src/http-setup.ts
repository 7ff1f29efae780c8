import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { IncomingRequestRecorder } from './incoming/incoming-request.recorder';
import { serveDashboard } from './dashboard/dashboard-static';
import { installBodyDepthLimit } from './common/json-body';
import { APP_ENV, gatewayTelemetry } from '@fastgen/platform';
import type { GatewayEnv } from './gateway.env';
import { secureHttp } from './http/http-security';
import { openApiDocument } from './openapi/openapi-document';

export { openApiDocument } from './openapi/openapi-document';

/** Security headers and CORS, Swagger at /docs (JSON at /docs-json) and the incoming-request log hook. */
export async function configureHttp(app: NestFastifyApplication): Promise<void> {
  const env = app.get<GatewayEnv>(APP_ENV);
  await secureHttp(app, env);
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
  serveDashboard(app, env.DASHBOARD_DIR);
}
