import fs from 'node:fs';
import path from 'node:path';
import { loadEnv } from '@fastgen/platform';
import { GatewayEnv } from '../gateway.env';
import { corsOrigins } from '../http/http-security';

// The committed document is what the gateway generates (checked by `npm run openapi -- --check`).
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed JSON document, walked loosely
type Json = any;
const doc: Json = JSON.parse(
  fs.readFileSync(
    path.join(__dirname, '../../../../docs/openapi.json'),
    'utf8',
  ),
);
const operations = Object.entries(
  doc.paths as Record<string, Record<string, Json>>,
).flatMap(([p, item]) =>
  Object.entries(item).map(([method, op]) => ({
    name: `${method.toUpperCase()} ${p}`,
    op,
  })),
);

describe('the OpenAPI document', () => {
  it('gives every 4xx and 5xx the shared Error schema, and Retry-After to 429 and 503', () => {
    for (const { name, op } of operations) {
      for (const [status, response] of Object.entries(
        op.responses as Record<string, Json>,
      )) {
        if (Number(status) < 400) continue;
        expect([
          name,
          status,
          response.content['application/json'].schema,
        ]).toEqual([name, status, { $ref: '#/components/schemas/Error' }]);
        if (status === '429' || status === '503')
          expect(response.headers['Retry-After']).toBeDefined();
      }
    }
  });

  it('types every response body and names every operation resource.method', () => {
    for (const { name, op } of operations) {
      expect([name, op.operationId]).toEqual([
        name,
        expect.stringMatching(/^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/),
      ]);
      for (const response of Object.values(
        op.responses as Record<string, Json>,
      )) {
        for (const media of Object.values(
          (response.content ?? {}) as Record<string, Json>,
        )) {
          expect([
            name,
            // A union (the stream's message | attempt events) is typed when each member is.
            Boolean(
              media.schema.type ||
                media.schema.$ref ||
                (media.schema.oneOf as Json[] | undefined)?.every((m) => m.type || m.$ref),
            ),
          ]).toEqual([name, true]);
        }
      }
    }
  });

  it('declares every status POST /v1/events can answer', () => {
    expect(Object.keys(doc.paths['/v1/events'].post.responses).sort()).toEqual([
      '202',
      '400',
      '401',
      '413',
      '415',
      '422',
      '429',
      '500',
      '503',
    ]);
  });

  it('uses no JSON Schema keyword OpenAPI 3.0 lacks and claims no JWT for API keys', () => {
    const text = JSON.stringify(doc);
    expect(text).not.toContain('patternProperties');
    expect(text).not.toContain('bearerFormat');
  });
});

describe('CORS_ORIGINS', () => {
  const env = (value: string) =>
    loadEnv(GatewayEnv, { ADMIN_TOKEN: 'x'.repeat(16), CORS_ORIGINS: value });

  it('is off by default and takes a comma-separated list of origins', () => {
    expect(
      corsOrigins(
        loadEnv(GatewayEnv, { ADMIN_TOKEN: 'x'.repeat(16) }).CORS_ORIGINS,
      ),
    ).toEqual([]);
    expect(
      corsOrigins(
        env('https://app.example.com,http://localhost:5173').CORS_ORIGINS,
      ),
    ).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it('refuses a wildcard, a path or a bare host at boot', () => {
    for (const bad of [
      '*',
      'https://app.example.com/path',
      'app.example.com',
      'https://a.example.com,',
    ]) {
      expect(() => env(bad)).toThrow(/CORS_ORIGINS/);
    }
  });
});
