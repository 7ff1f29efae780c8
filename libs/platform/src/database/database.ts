import * as pg from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

export interface DatabaseSettings {
  url: string;
  /** The Postgres schema this service owns; no service reads another's. */
  schema: string;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  poolSize?: number;
}

export function dataSourceOptions(s: DatabaseSettings): DataSourceOptions {
  return {
    type: 'postgres',
    // Passed explicitly (TypeORM would require() it lazily) so the bundled apps' generated
    // package.json lists pg and `npm ci --omit=dev` in the images installs it.
    driver: pg,
    url: s.url,
    schema: s.schema,
    entities: s.entities,
    migrations: s.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
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
