import 'reflect-metadata';
import { Logger as NestLogger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Transport, type MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { InvalidEnvironment, type BaseEnv } from '../config/env';
import { kafkaSettings } from '../config/connection-env';
import { PRODUCER_DEFAULTS, createKafka, isPermanentConnectionError, kafkaConfig } from '../kafka/kafka-client';
import { ensureTopics } from '../kafka/topic-admin';
import { retry } from '../retry/retry';
import { revertLastMigration, runMigrations, type DatabaseSettings } from '../database/database';
import { startMetricsServer } from '../health/metrics-server';
import { HttpTraceContextInterceptor, installHttpTracing } from '../observability/http-tracing';
import { startTracing, type Tracing } from '../observability/tracing-sdk';
import { tracingSettings } from '../observability/tracing-env';

export interface ServiceDefinition<E extends BaseEnv & { PORT: number }> {
  name: string;
  /** Reads and validates the environment; throws InvalidEnvironment. */
  loadEnv: () => E;
  module: (env: E) => DynamicModule;
  /** The schema this service owns, for `migrate` and `migrate:down`. */
  database?: (env: E) => DatabaseSettings;
  /** When set, the service also consumes Kafka through @nestjs/microservices with this group. */
  consumerGroup?: string;
  /** Fastify options (body limit...) */
  http?: (env: E) => ConstructorParameters<typeof FastifyAdapter>[0];
  /** Swagger, static files, hooks: anything on the HTTP app before it listens. */
  configure?: (app: NestFastifyApplication, env: E) => void | Promise<void>;
  /** Extra commands (`main.js <name> [args...]`), e.g. writing the gateway's OpenAPI document. */
  commands?: Record<string, (ctx: ServiceCommandContext<E>) => Promise<void>>;
}

export interface ServiceCommandContext<E> {
  args: string[];
  /** Reads and validates the environment; exits naming every bad variable. */
  env(): E;
  /**
   * The application graph without instantiating any provider (Nest preview mode): no Kafka, no
   * database, no listening; enough to read routes and their Swagger metadata. Close it after use.
   */
  previewApp(env: E): Promise<NestFastifyApplication>;
}

const bootLogger = new NestLogger('bootstrap');

/**
 * The whole life of a service process: `main.js` (serve), `main.js migrate`, `main.js migrate:down`.
 * Any problem at start-up is printed and ends the process with a non-zero code.
 */
export async function runService<E extends BaseEnv & { PORT: number }>(def: ServiceDefinition<E>, argv = process.argv.slice(2)): Promise<void> {
  const command = argv[0] ?? 'serve';
  const custom = def.commands?.[command];
  if (custom) {
    try {
      await custom({ args: argv.slice(1), env: () => loadEnvOrExit(def), previewApp: (env) => previewApp(def, env) });
    } catch (err) {
      bootLogger.error(`${def.name} failed to ${command}: ${(err as Error).stack ?? err}`);
      process.exit(1);
    }
    return;
  }
  const env = loadEnvOrExit(def);
  try {
    switch (command) {
      case 'serve':
        await serve(def, env);
        return;
      case 'migrate':
      case 'migrate:down': {
        if (!def.database) {
          bootLogger.log(`${def.name} owns no database schema; nothing to migrate`);
          return;
        }
        if (command === 'migrate') {
          const done = await runMigrations(def.database(env));
          bootLogger.log(`${def.name}: ${done.length ? `applied ${done.join(', ')}` : 'schema up to date'}`);
        } else {
          await revertLastMigration(def.database(env));
        }
        return;
      }
      default:
        throw new Error(`unknown command "${command}"; use ${['serve', 'migrate', 'migrate:down', ...Object.keys(def.commands ?? {})].join(', ')}`);
    }
  } catch (err) {
    bootLogger.error(`${def.name} failed to ${command}: ${(err as Error).stack ?? err}`);
    process.exit(1);
  }
}

function loadEnvOrExit<E extends BaseEnv & { PORT: number }>(def: ServiceDefinition<E>): E {
  try {
    const env = def.loadEnv();
    tracingSettings(); // the OTEL_* variables too: a bad one stops the boot, named
    if (env.METRICS_PORT !== 0 && env.METRICS_PORT === env.PORT) {
      throw new InvalidEnvironment([`METRICS_PORT must differ from PORT (both ${env.PORT}): metrics are never served on the API port`]);
    }
    return env;
  } catch (err) {
    if (err instanceof InvalidEnvironment) {
      process.stderr.write(`${def.name}: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function previewApp<E extends BaseEnv & { PORT: number }>(def: ServiceDefinition<E>, env: E): Promise<NestFastifyApplication> {
  return NestFactory.create<NestFastifyApplication>(def.module(env), new FastifyAdapter(def.http?.(env)), { preview: true, logger: false });
}

async function serve<E extends BaseEnv & { PORT: number }>(def: ServiceDefinition<E>, env: E): Promise<void> {
  const clientId = `${def.name}${env.KAFKA_CLIENT_ID_SUFFIX}`;
  // OpenTelemetry when the OTEL_* variables ask for it (off by default); before any span is made.
  const tracing = startTracing(def.name);
  // A broker that is busy creating the same topics for another service may answer "not hosted
  // here" for a moment: retried, so the boot order of services never matters.
  const kafka = createKafka(kafkaSettings(env, `${clientId}-admin`));
  await retry(() => ensureTopics(kafka), {
    what: 'creating the topics',
    initialMs: 250,
    maxMs: 2_000,
    maxAttempts: 10,
    isRetryable: (err) => !isPermanentConnectionError(err),
    logger: bootLogger,
  });

  const app = await NestFactory.create<NestFastifyApplication>(def.module(env), new FastifyAdapter(def.http?.(env)), {
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.flushLogs();
  if (tracing) {
    installHttpTracing(app.getHttpAdapter().getInstance());
    app.useGlobalInterceptors(new HttpTraceContextInterceptor());
  }

  if (def.consumerGroup) {
    app.connectMicroservice<MicroserviceOptions>(
      {
        transport: Transport.KAFKA,
        options: {
          client: kafkaConfig(kafkaSettings(env, clientId)),
          consumer: { groupId: `${def.consumerGroup}${env.KAFKA_CLIENT_ID_SUFFIX}`, sessionTimeout: 10_000, heartbeatInterval: 1_000 },
          // A new group reads what was sent before it first joined (requests sent while it booted);
          // expired requests are dropped by answerRpc.
          subscribe: { fromBeginning: true },
          producer: { ...PRODUCER_DEFAULTS, idempotent: true },
          postfixId: '',
        },
      },
      // Global pipes, filters and interceptors apply to message handlers too.
      { inheritAppConfig: true },
    );
  }

  await def.configure?.(app, env);
  const metrics = env.METRICS_PORT === 0 ? undefined : await startMetricsServer(env.METRICS_PORT, env.HOST);
  installShutdown(app, env.SHUTDOWN_TIMEOUT_MS, tracing, () => metrics?.close());
  await app.startAllMicroservices();
  await app.listen(env.PORT, env.HOST);
  app.get(Logger).log(`${def.name} listening on http://${env.HOST}:${env.PORT}${metrics ? `, metrics on :${env.METRICS_PORT}/metrics` : ''}`);
}

// SIGTERM/SIGINT: stop taking work, let in-flight work finish (consumers leave their group
// after their current batch), then exit; a hung shutdown is cut off after the timeout.
function installShutdown(app: INestApplication, timeoutMs: number, tracing: Tracing | null, closeMetrics: () => void): void {
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    bootLogger.log(`${signal} received; shutting down`);
    setTimeout(() => {
      bootLogger.error(`shutdown took longer than ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    closeMetrics();
    app
      .close()
      // The spans of the last requests are still buffered: export them before exiting.
      .then(() => tracing?.shutdown().catch((err) => bootLogger.warn(`exporting the last spans failed: ${err}`)))
      .then(() => process.exit(0))
      .catch((err) => {
        bootLogger.error(`shutdown failed: ${err}`);
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}
