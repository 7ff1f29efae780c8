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
  http: (env) => ({ bodyLimit: env.MAX_BODY_BYTES, trustProxy: true }),
  configure: configureHttp,
  commands: { openapi: writeOpenApi },
});
