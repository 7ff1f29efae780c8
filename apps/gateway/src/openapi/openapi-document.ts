import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { openApi } from '../common/openapi';
import { NAMED_SCHEMAS, TAGS } from './named-schemas';

type Json = Record<string, unknown>;

/** The OpenAPI document of every route (served at /docs-json, committed as docs/openapi.json). */
export function openApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Fastgen Webhooks API')
    .setDescription(
      'Send events; every subscribed endpoint receives a signed HTTP request. JSON in, JSON out, snake_case fields. ' +
        'Every error is `{"error": {"code", "message", "fields"?}}` (schema `Error`); 429 and 503 carry `Retry-After`.',
    )
    .setVersion(process.env['npm_package_version'] ?? '0.1.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('http://localhost:3000', 'A local stack (`npm start`)')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description:
          'API key of one project + environment (`fg_dev_...` or `fg_prod_...`).',
      },
      'api-key',
    )
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        description: "The operators' ADMIN_TOKEN.",
      },
      'admin',
    );
  for (const [name, description] of Object.entries(TAGS))
    builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    // `endpoints.create`, `eventTypes.list`: what SDK generators turn into method names.
    operationIdFactory: (controller, method) =>
      `${resourceOf(controller)}.${method}`,
  });
  return finishDocument(document);
}

function resourceOf(controller: string): string {
  const base = controller.replace(/Controller$/, '');
  return base.charAt(0).toLowerCase() + base.slice(1);
}

const ERROR_SCHEMA = {
  type: 'object',
  description: 'Every error response.',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      additionalProperties: false,
      properties: {
        code: {
          type: 'string',
          description:
            'Stable, machine-readable: invalid, unauthorized, not_found, conflict, payload_too_large, unsupported_media_type, unprocessable, rate_limited, unavailable, internal...',
          example: 'invalid',
        },
        message: {
          type: 'string',
          description: 'For humans; never echoes the query string or the body.',
        },
        fields: {
          type: 'array',
          description: 'The fields at fault (400).',
          items: {
            type: 'object',
            required: ['field', 'message'],
            additionalProperties: false,
            properties: {
              field: { type: 'string' },
              message: { type: 'string' },
            },
          },
        },
      },
    },
  },
};

const RETRY_AFTER = {
  description: 'Seconds to wait before trying again.',
  schema: { type: 'integer', minimum: 0 },
  example: 5,
};

// What each error status means when a route does not say more, and an example body.
const STATUSES: Record<number, [string, string, string]> = {
  400: [
    'Invalid request: the message and `fields` name what is wrong.',
    'invalid',
    'invalid request body: url is required',
  ],
  401: [
    'Missing, unknown or revoked credentials.',
    'unauthorized',
    'an API key is required: Authorization: Bearer <api key>',
  ],
  404: ['Not found in this project + environment.', 'not_found', 'not found'],
  409: ['Conflicts with the current state.', 'conflict', 'already exists'],
  413: [
    'The body is larger than MAX_BODY_BYTES.',
    'payload_too_large',
    'Request body is too large',
  ],
  415: [
    'The body is not `application/json`.',
    'unsupported_media_type',
    'Unsupported Media Type',
  ],
  422: ['Understood but refused.', 'unprocessable', 'unprocessable request'],
  429: [
    'Too many requests: wait `Retry-After` seconds.',
    'rate_limited',
    'too many requests; retry later',
  ],
  500: [
    'An unexpected error; it is logged on the server, never shown.',
    'internal',
    'internal error',
  ],
  503: [
    'A dependency (Kafka, Postgres, another service) is unavailable: retry after `Retry-After` seconds.',
    'unavailable',
    'the broker is unavailable; retry later',
  ],
};

/**
 * Makes the document one that validators and SDK generators take as it is: the shared Error schema
 * on every 4xx/5xx, every status a route can answer declared, named schemas, no JSON Schema
 * keywords OpenAPI 3.0 lacks, tags described, and no JWT claim for opaque bearer keys.
 */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  const doc = JSON.parse(JSON.stringify(document)) as Json & {
    paths: Record<string, Record<string, Json>>;
    components: Json;
  };
  const components = (doc.components ??= {}) as Record<
    string,
    Record<string, unknown>
  >;
  for (const scheme of Object.values(components['securitySchemes'] ?? {}))
    delete (scheme as Json)['bearerFormat'];
  components['headers'] = {
    ...(components['headers'] ?? {}),
    'Retry-After': RETRY_AFTER,
  };

  const schemas = (components['schemas'] ??= {}) as Record<string, unknown>;
  const named = Object.entries(NAMED_SCHEMAS).map(([name, schema]) => {
    const converted = openApi(schema) as Json;
    return { name, converted, key: canonical(converted) };
  });
  const toRef = (node: unknown, self?: string): unknown => {
    if (Array.isArray(node)) return node.map((n) => toRef(n));
    if (!node || typeof node !== 'object') return node;
    const key = canonical(node);
    const match = named.find((n) => n.key === key && n.name !== self);
    if (match) return { $ref: `#/components/schemas/${match.name}` };
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === 'example' ? v : toRef(v)]),
    );
  };
  for (const { name, converted } of named)
    schemas[name] = toRef(converted, name);
  schemas['Error'] = ERROR_SCHEMA;

  const usedTags = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (
        !['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(
          method,
        )
      )
        continue;
      ((op['tags'] as string[] | undefined) ?? []).forEach((t) =>
        usedTags.add(t),
      );
      declareErrors(path, method, op);
      const responses = op['responses'] as Record<string, Json>;
      for (const response of Object.values(responses)) {
        for (const media of Object.values(
          (response['content'] as Record<string, Json> | undefined) ?? {},
        )) {
          if (media['schema']) media['schema'] = toRef(media['schema']);
        }
      }
      const body = (op['requestBody'] as Json | undefined)?.['content'] as
        | Record<string, Json>
        | undefined;
      for (const media of Object.values(body ?? {}))
        if (media['schema']) media['schema'] = toRef(media['schema']);
    }
  }
  const tags =
    (doc['tags'] as { name: string; description?: string }[] | undefined) ?? [];
  doc['tags'] = [
    ...tags.filter((t) => usedTags.has(t.name)),
    ...[...usedTags]
      .filter((t) => !tags.some((d) => d.name === t))
      .map((name) => ({ name })),
  ];
  return withoutPatternProperties(doc) as unknown as OpenAPIObject;
}

/** Adds every error status the route can answer, each with the shared Error schema. */
function declareErrors(path: string, method: string, op: Json): void {
  const responses = (op['responses'] ??= {}) as Record<string, Json>;
  const params = (op['parameters'] as { in: string }[] | undefined) ?? [];
  const statuses = new Set<number>(
    Object.keys(responses)
      .map(Number)
      .filter((s) => s >= 400),
  );
  if (op['requestBody']) [400, 413, 415].forEach((s) => statuses.add(s));
  if (params.some((p) => p.in === 'query')) statuses.add(400);
  if (params.some((p) => p.in === 'path'))
    [400, 404].forEach((s) => statuses.add(s));
  if ((op['security'] as unknown[] | undefined)?.length) statuses.add(401);
  if (path.startsWith('/v1/')) [500, 503].forEach((s) => statuses.add(s));
  for (const status of [...statuses].sort()) {
    const existing = responses[String(status)] ?? {};
    const [description, code, message] = STATUSES[status] ?? [
      'Error.',
      'error',
      'error',
    ];
    const media = ((existing['content'] as Record<string, Json> | undefined)?.[
      'application/json'
    ] ?? {}) as Json;
    const example = media['example'] ??
      (media['schema'] as Json | undefined)?.['example'] ?? {
        error: { code, message },
      };
    responses[String(status)] = {
      description: existing['description'] || description,
      ...(status === 429 || status === 503
        ? {
            headers: {
              'Retry-After': { $ref: '#/components/headers/Retry-After' },
            },
          }
        : {}),
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/Error' },
          example,
        },
      },
    };
  }
  void method;
}

// OpenAPI 3.0 has no patternProperties: a map of any key is `additionalProperties`.
function withoutPatternProperties(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPatternProperties);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) {
    if (k === 'patternProperties' && v && typeof v === 'object') {
      const values = Object.values(v as Json);
      out['additionalProperties'] =
        values.length === 1 ? withoutPatternProperties(values[0]) : {};
    } else if (
      !(k === 'additionalProperties' && 'patternProperties' in (node as Json))
    ) {
      out[k] = withoutPatternProperties(v);
    }
  }
  return out;
}

// Structure only: descriptions and examples do not make two schemas different (property names do).
function canonical(node: unknown): string {
  const strip = (n: unknown, names = false): unknown => {
    if (Array.isArray(n)) return n.map((x) => strip(x));
    if (!n || typeof n !== 'object') return n;
    return Object.fromEntries(
      Object.entries(n as Json)
        .filter(
          ([k]) =>
            names || (k !== 'description' && k !== 'example' && k !== 'title'),
        )
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, v]) => [k, strip(v, !names && k === 'properties')]),
    );
  };
  return JSON.stringify(strip(node));
}
