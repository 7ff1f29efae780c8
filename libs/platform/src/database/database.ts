import { Logger } from '@nestjs/common';
import * as pg from 'pg';
import { DataSource, type DataSourceOptions, type Logger as TypeOrmLogger } from 'typeorm';
import type { DatabaseSsl } from '../config/connection-env';

export interface DatabaseSettings {
  url: string;
  /** The Postgres schema this service owns; no service reads another's. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
  /** TLS to Postgres (DATABASE_SSL, DATABASE_SSL_CA); see databaseConnection(env). */
  ssl?: DatabaseSsl;
}

const postgresLogger = new Logger('Postgres');

/**
 * pg-pool takes its own error listener off a client when it hands the client out, and TypeORM
 * puts its listener on a microtask later. A backend terminated in that gap (a Postgres restart,
 * pg_terminate_backend, a failover) can arrive in the same socket read as the connection's
 * ReadyForQuery: the client then emits 'error' with nobody listening, and Node ends the process.
 * Every client of this pool keeps a listener for its whole life; the pool and TypeORM still see
 * each error and drop the client, so this one only speaks when it is the only listener.
 */
export class GuardedPool extends pg.Pool {
  constructor(options?: pg.PoolConfig) {
    super(options);
    this.on('connect', (client) => {
      client.on('error', (err) => {
        if (client.listenerCount('error') === 1) postgresLogger.warn(`a pooled connection failed while checked out: ${err.message}`);
      });
    });
  }
}

/** The pg module as TypeORM sees it, with the guarded pool; everything else comes from pg itself. */
export const guardedPg: typeof pg = Object.create(pg, { Pool: { value: GuardedPool, enumerable: true } });

/**
 * TypeORM's messages through the service's logger (JSON lines), without query parameters: they
 * hold payloads and request headers, which have no place in a log line.
 */
export class NestTypeOrmLogger implements TypeOrmLogger {
  logQuery(): void {
    // Every query would drown the log; failures and slow queries are logged below.
  }
  logQueryError(error: string | Error, query: string, _parameters?: unknown[]): void {
    postgresLogger.warn(`query failed (${firstLine(query)}): ${typeof error === 'string' ? error : error.message}`);
  }
  logQuerySlow(time: number, query: string, _parameters?: unknown[]): void {
    postgresLogger.warn(`slow query, ${time} ms: ${firstLine(query)}`);
  }
  logSchemaBuild(message: string): void {
    postgresLogger.log(message);
  }
  logMigration(message: string): void {
    postgresLogger.log(message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') postgresLogger.warn(String(message));
    else postgresLogger.log(String(message));
  }
}

const firstLine = (query: string) => {
  const line = query.trim().split('\n', 1)[0]!;
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
};

export function dataSourceOptions(s: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    // Passed explicitly (TypeORM would require() it lazily) so the bundled apps' generated
    // package.json lists pg and `npm ci --omit=dev` in the images installs it.
    driver: guardedPg,
    poolErrorHandler: (err: Error) => postgresLogger.warn(`an idle pooled connection failed: ${err.message}`),
    logger: new NestTypeOrmLogger(),
    url: s.url,
    ...(s.ssl ? { ssl: s.ssl } : {}),
    schema: s.schema,
    entities: s.entities,
    migrations: s.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    extra: { max: s.poolSize ?? 10, connectionTimeoutMillis: 5_000, application_name: `fastgen-${s.schema}` },
  };
}

/**
 * Creates the schema if needed and runs pending migrations, under an advisory lock so that
 * several replicas starting together migrate once.
 */
export async function runMigrations(s: DatabaseSettings): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(s));
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.query('select pg_advisory_lock(hashtext($1))', [`fastgen-migrations-${s.schema}`]);
    await runner.query(`create schema if not exists "${s.schema}"`);
    const done = await ds.runMigrations({ transaction: 'each' });
    return done.map((m) => m.name);
  } finally {
    await runner.query('select pg_advisory_unlock(hashtext($1))', [`fastgen-migrations-${s.schema}`]).catch(() => undefined);
    await runner.release();
    await ds.destroy();
  }
}

/** Reverts the last applied migration (`main.js migrate:down`). */
export async function revertLastMigration(s: DatabaseSettings): Promise<void> {
  const ds = new DataSource(dataSourceOptions(s));
  await ds.initialize();
  try {
    await ds.undoLastMigration({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
