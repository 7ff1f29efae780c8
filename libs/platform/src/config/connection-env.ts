import fs from 'node:fs';
import { Type, type SchemaOptions, type TUnsafe } from '@sinclair/typebox';
import type { SASLOptions } from 'kafkajs';
import type { KafkaSettings } from '../kafka/kafka-client';

/** A string from a fixed list; a bad value is told the list (an anyOf of literals is not). */
function oneOf<T extends string>(
  values: readonly T[],
  options: SchemaOptions,
): TUnsafe<T> {
  return Type.Unsafe<T>({ ...options, type: 'string', enum: [...values] });
}

// How every service (and its topic admin, views and RPC clients) reaches Kafka and Postgres over
// TLS and SASL. Part of BaseEnv; loadEnv checks the combinations (connectionProblems) at boot.
export const ConnectionEnv = {
  KAFKA_SSL: Type.Boolean({
    default: false,
    description:
      'TLS to the brokers (true|false); the server certificate is verified.',
  }),
  KAFKA_SSL_CA: Type.String({
    default: '',
    description:
      "PEM file of the CA that signed the brokers' certificates; empty: the system CAs.",
  }),
  KAFKA_SASL_MECHANISM: oneOf(
    ['', 'plain', 'scram-sha-256', 'scram-sha-512'] as const,
    {
      default: '',
      description: 'SASL authentication to the brokers; empty: none.',
    },
  ),
  KAFKA_SASL_USERNAME: Type.String({ default: '' }),
  KAFKA_SASL_PASSWORD: Type.String({ default: '' }),
  DATABASE_SSL: oneOf(['false', 'true', 'require', 'verify-full'] as const, {
    default: 'false',
    description:
      'TLS to Postgres: require encrypts only; verify-full (= true) also verifies the certificate and host name.',
  }),
  DATABASE_SSL_CA: Type.String({
    default: '',
    description:
      'PEM file of the CA that signed the Postgres certificate (verify-full); empty: the system CAs.',
  }),
};

export interface ConnectionEnvValues {
  DATABASE_URL: string;
  KAFKA_SSL: boolean;
  KAFKA_SSL_CA: string;
  KAFKA_SASL_MECHANISM: '' | 'plain' | 'scram-sha-256' | 'scram-sha-512';
  KAFKA_SASL_USERNAME: string;
  KAFKA_SASL_PASSWORD: string;
  DATABASE_SSL: 'false' | 'true' | 'require' | 'verify-full';
  DATABASE_SSL_CA: string;
}

export interface KafkaConnection {
  ssl?: { ca?: string[] } | true;
  sasl?: SASLOptions;
}

/** The TLS options of the pg driver; false: plain TCP. */
export type DatabaseSsl = false | { rejectUnauthorized: boolean; ca?: string };

/** Why a CA file cannot be used, or null. */
function pemProblem(name: string, file: string): string | null {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return `${name} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message} (${file})`;
  }
  return text.includes('-----BEGIN CERTIFICATE-----')
    ? null
    : `${name} is not a PEM certificate file (${file})`;
}

/** Every bad combination of the connection settings, each naming its variable; empty when fine. */
export function connectionProblems(env: ConnectionEnvValues): string[] {
  const problems: string[] = [];
  const sasl = env.KAFKA_SASL_MECHANISM;
  if (env.KAFKA_SSL_CA) {
    if (!env.KAFKA_SSL)
      problems.push(
        'KAFKA_SSL_CA is set but KAFKA_SSL is not true: the CA is only used over TLS',
      );
    else
      problems.push(
        ...[pemProblem('KAFKA_SSL_CA', env.KAFKA_SSL_CA)].filter(
          (p): p is string => p !== null,
        ),
      );
  }
  if (sasl) {
    if (!env.KAFKA_SASL_USERNAME)
      problems.push(
        `KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=${sasl}`,
      );
    if (!env.KAFKA_SASL_PASSWORD)
      problems.push(
        `KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM=${sasl}`,
      );
    // SCRAM never sends the password; PLAIN does, so it only goes over TLS.
    if (sasl === 'plain' && !env.KAFKA_SSL)
      problems.push(
        'KAFKA_SASL_MECHANISM=plain sends the password in clear text: set KAFKA_SSL=true (or use scram-sha-256/512)',
      );
  } else if (env.KAFKA_SASL_USERNAME || env.KAFKA_SASL_PASSWORD) {
    problems.push(
      'KAFKA_SASL_MECHANISM is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set (plain, scram-sha-256 or scram-sha-512)',
    );
  }
  const dbSsl = env.DATABASE_SSL;
  if (env.DATABASE_SSL_CA) {
    if (dbSsl !== 'true' && dbSsl !== 'verify-full')
      problems.push(
        `DATABASE_SSL_CA is set but DATABASE_SSL is ${dbSsl}: the CA is only used with verify-full`,
      );
    else
      problems.push(
        ...[pemProblem('DATABASE_SSL_CA', env.DATABASE_SSL_CA)].filter(
          (p): p is string => p !== null,
        ),
      );
  }
  // The driver lets the URL's sslmode override the ssl option: two settings, one silently ignored.
  if (
    dbSsl !== 'false' &&
    /[?&](sslmode|ssl|sslrootcert)=/i.test(env.DATABASE_URL)
  ) {
    problems.push(
      'DATABASE_SSL is set and DATABASE_URL carries ssl parameters too: use one of them',
    );
  }
  return problems;
}

/** The kafkajs ssl and sasl options; call after loadEnv (which ran connectionProblems). */
export function kafkaConnection(env: ConnectionEnvValues): KafkaConnection {
  const connection: KafkaConnection = {};
  if (env.KAFKA_SSL)
    connection.ssl = env.KAFKA_SSL_CA
      ? { ca: [fs.readFileSync(env.KAFKA_SSL_CA, 'utf8')] }
      : true;
  if (env.KAFKA_SASL_MECHANISM) {
    connection.sasl = {
      mechanism: env.KAFKA_SASL_MECHANISM,
      username: env.KAFKA_SASL_USERNAME,
      password: env.KAFKA_SASL_PASSWORD,
    } as SASLOptions;
  }
  return connection;
}

/** The pg driver's ssl option; call after loadEnv (which ran connectionProblems). */
export function databaseSsl(env: ConnectionEnvValues): DatabaseSsl {
  switch (env.DATABASE_SSL) {
    case 'false':
      return false;
    case 'require':
      // Encrypted, certificate not checked (libpq's sslmode=require): for servers with self-made certificates.
      return { rejectUnauthorized: false };
    default:
      return {
        rejectUnauthorized: true,
        ...(env.DATABASE_SSL_CA
          ? { ca: fs.readFileSync(env.DATABASE_SSL_CA, 'utf8') }
          : {}),
      };
  }
}

/** What KafkaModule, RpcModule and the topic admin need to reach the brokers as this service. */
export function kafkaSettings(
  env: ConnectionEnvValues & { KAFKA_BROKERS: string },
  clientId: string,
): KafkaSettings {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId,
    connection: kafkaConnection(env),
  };
}

/** The url and ssl of a service's DatabaseSettings. */
export function databaseConnection(env: ConnectionEnvValues): {
  url: string;
  ssl: DatabaseSsl;
} {
  return { url: env.DATABASE_URL, ssl: databaseSsl(env) };
}
