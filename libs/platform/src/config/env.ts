import Ajv from 'ajv';
import { Type, type Static, type TObject, type TProperties } from '@sinclair/typebox';
import { ConnectionEnv, connectionProblems, type ConnectionEnvValues } from './connection-env';

// Environment variables every service reads. Each app extends this with its own.
export const BaseEnv = {
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], { default: 'development' }),
  HOST: Type.String({ default: '0.0.0.0', description: 'Interface the HTTP server listens on.' }),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
    { default: 'info' },
  ),
  KAFKA_BROKERS: Type.String({ pattern: '^[^,\\s]+(,[^,\\s]+)*$', default: '127.0.0.1:9092', description: 'Comma-separated host:port list.' }),
  KAFKA_TOPIC_PREFIX: Type.String({ pattern: '^[a-zA-Z0-9._-]*$', default: '', description: 'Namespaces every topic (one per deployment or test run).' }),
  KAFKA_CLIENT_ID_SUFFIX: Type.String({ default: '', description: 'Appended to Kafka client ids and group ids (test runs).' }),
  // TLS and SASL to Kafka and Postgres (KAFKA_SSL*, KAFKA_SASL_*, DATABASE_SSL*).
  ...ConnectionEnv,
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://', default: 'postgres://fastgen:fastgen@127.0.0.1:5432/fastgen' }),
  DATABASE_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  SHUTDOWN_TIMEOUT_MS: Type.Integer({ minimum: 0, default: 10_000, description: 'How long in-flight work may take to finish on SIGTERM.' }),
  // Prometheus metrics live on their own port so that the API port (and an Ingress in front of it)
  // never exposes them.
  METRICS_PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 9464, description: 'Port of GET /metrics (Prometheus); 0 turns it off. Must differ from PORT.' }),
};

export class InvalidEnvironment extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

// Coercing Ajv: environment values are strings; numbers and booleans are converted, defaults filled.
const envAjv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });

/**
 * Reads the environment once into a typed, validated object. Unknown variables are ignored;
 * every bad or missing one is listed by name.
 */
export function loadEnv<P extends TProperties>(properties: P, source: NodeJS.ProcessEnv = process.env): Static<TObject<P>> {
  const schema = Type.Object(properties);
  const candidate: Record<string, unknown> = {};
  for (const key of Object.keys(properties)) {
    const raw = source[key];
    if (raw !== undefined && raw !== '') candidate[key] = raw;
    else if (raw === '' && (properties[key] as { default?: unknown }).default === '') candidate[key] = '';
  }
  const validate = envAjv.compile(schema);
  if (!validate(candidate)) {
    const problems = (validate.errors ?? []).map((e) => {
      const name = e.keyword === 'required' ? (e.params as { missingProperty: string }).missingProperty : e.instancePath.slice(1);
      const got = source[name];
      const message = e.keyword === 'enum' ? `must be one of ${(e.params as { allowedValues: string[] }).allowedValues.map((v) => v || '(empty)').join(', ')}` : e.message;
      return `${name} ${e.keyword === 'required' ? 'is required' : message}${got !== undefined && e.keyword !== 'required' ? ` (got "${got}")` : ''}`;
    });
    throw new InvalidEnvironment([...new Set(problems)]);
  }
  // TLS/SASL settings that only make sense together (a CA without TLS, SASL without a password).
  if ('KAFKA_SSL' in properties) {
    const problems = connectionProblems(candidate as unknown as ConnectionEnvValues);
    if (problems.length > 0) throw new InvalidEnvironment(problems);
  }
  return candidate as Static<TObject<P>>;
}

export type BaseEnv = Static<TObject<typeof BaseEnv>>;
