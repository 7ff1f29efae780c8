import { runService } from '@fastgen/platform';
import { AppModule } from './app.module';
import { loadGatewayEnv } from './gateway.env';
import { gatewayDatabase } from './database';
import { configureHttp } from './http-setup';
import { writeOpenApi } from './openapi.command';

void runService({
  name: 'gateway',
  loadEnv: loadGatewayEnv,
  module: AppModule.forRoot,
  database: gatewayDatabase,
  // Path parameters hold names of up to 128 characters (event types, workflow routes): Fastify's
  // default limit of 100 made such names creatable but not readable or deletable (414).
  http: (env) => ({ bodyLimit: env.MAX_BODY_BYTES, trustProxy: true, routerOptions: { maxParamLength: 512 } }),
  configure: configureHttp,
  commands: { openapi: writeOpenApi },
});
