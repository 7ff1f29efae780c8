import fs from 'node:fs';
import { loadEnv, type ServiceCommandContext } from '@fastgen/platform';
import { GatewayEnv } from './gateway.env';
import { openApiDocument } from './openapi/openapi-document';

/**
 * `main.js openapi [file]`: writes the OpenAPI document (to stdout without a file) without
 * connecting to Kafka or Postgres. `npm run openapi` uses it to refresh docs/openapi.json.
 */
export async function writeOpenApi({ args, previewApp }: ServiceCommandContext<GatewayEnv>): Promise<void> {
  // No request is ever served here, so the admin token only has to pass validation.
  const env = loadEnv(GatewayEnv, { ...process.env, ADMIN_TOKEN: process.env['ADMIN_TOKEN'] || 'unused-when-writing-openapi' });
  const app = await previewApp(env);
  try {
    const json = `${JSON.stringify(openApiDocument(app), null, 2)}\n`;
    if (args[0]) fs.writeFileSync(args[0], json);
    else process.stdout.write(json);
  } finally {
    await app.close();
  }
}
