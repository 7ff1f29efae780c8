import type { TSchema } from '@sinclair/typebox';
import type { ApiBodyOptions } from '@nestjs/swagger';

type SchemaObject = NonNullable<Extract<ApiBodyOptions, { schema?: unknown }>['schema']>;

/**
 * A TypeBox (JSON Schema) schema as an OpenAPI 3.0 schema for Swagger: `examples` become
 * `example`, `const` becomes a one-value `enum`, `anyOf [null, X]` becomes a nullable X, and a
 * record's `patternProperties` (not in OpenAPI 3.0) becomes `additionalProperties`.
 */
export function openApi(schema: TSchema): SchemaObject {
  return convert(JSON.parse(JSON.stringify(schema)) as Record<string, unknown>) as SchemaObject;
}

function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    if (k === 'examples' && Array.isArray(v)) out['example'] = v[0];
    else if (k === 'const') out['enum'] = [v];
    else if (k === 'properties') out[k] = Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, convert(s)]));
    else if (k === 'patternProperties') out['additionalProperties'] = convert(Object.values(v as object)[0] ?? {});
    else out[k] = convert(v);
  }
  const anyOf = out['anyOf'] as Record<string, unknown>[] | undefined;
  if (anyOf) {
    const rest = anyOf.filter((s) => s['type'] !== 'null');
    if (rest.length > 0 && rest.every((s) => Array.isArray(s['enum']))) {
      delete out['anyOf'];
      out['enum'] = rest.flatMap((s) => s['enum'] as unknown[]);
      out['type'] = rest[0]?.['type'] ?? 'string';
    } else if (rest.length === 1) {
      delete out['anyOf'];
      Object.assign(out, { ...rest[0], ...out });
    } else out['anyOf'] = rest;
    if (rest.length < anyOf.length) out['nullable'] = true;
  }
  return out;
}

export const errorSchema = (status: number, code: string, message: string, fields?: { field: string; message: string }[]) => ({
  status,
  schema: { example: { error: { code, message, ...(fields ? { fields } : {}) } } },
});

/** 429 from admission control, with the header that says when to come back. */
export const rateLimitedResponse = () => ({
  ...errorSchema(429, 'rate_limited', "over this project's rate of 1000 events/s (burst 2000) in production; retry after 1 s"),
  description:
    'The project environment is over its rate or its backlog quota (see PATCH /v1/admin/projects/{id}). Nothing was published. The answer comes after a short pause (250 ms by default, never longer than Retry-After), so retrying at once gains nothing: wait for Retry-After.',
  headers: { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', example: 1 } } },
});
