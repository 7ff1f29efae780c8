import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BaseEnv, InvalidEnvironment, loadEnv } from './env';
import { databaseConnection, kafkaSettings } from './connection-env';
import { dataSourceOptions } from '../database/database';
import { kafkaConfig } from '../kafka/kafka-client';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'connection-env-'));
const CA = path.join(dir, 'ca.pem');
const NOT_PEM = path.join(dir, 'notes.txt');
fs.writeFileSync(
  CA,
  '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
);
fs.writeFileSync(NOT_PEM, 'hello');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function problemsOf(source: NodeJS.ProcessEnv): string[] {
  try {
    loadEnv(BaseEnv, source);
  } catch (err) {
    if (err instanceof InvalidEnvironment) return err.problems;
    throw err;
  }
  return [];
}

describe('Kafka TLS and SASL settings', () => {
  it('connects in plain text without authentication by default', () => {
    const env = loadEnv(BaseEnv, {});
    const config = kafkaConfig(kafkaSettings(env, 'svc'));
    expect(config.ssl).toBeUndefined();
    expect(config.sasl).toBeUndefined();
  });

  it('passes TLS with a CA and SCRAM credentials to kafkajs', () => {
    const env = loadEnv(BaseEnv, {
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA: CA,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 's3cret',
    });
    const config = kafkaConfig(kafkaSettings(env, 'svc'));
    expect(config.ssl).toEqual({ ca: [fs.readFileSync(CA, 'utf8')] });
    expect(config.sasl).toEqual({
      mechanism: 'scram-sha-512',
      username: 'svc',
      password: 's3cret',
    });
  });

  it('uses the system CAs when TLS is on without a CA file', () => {
    expect(
      kafkaConfig(kafkaSettings(loadEnv(BaseEnv, { KAFKA_SSL: 'true' }), 'svc'))
        .ssl,
    ).toBe(true);
  });

  it.each([
    [{ KAFKA_SSL: 'yes' }, 'KAFKA_SSL must be boolean'],
    [
      { KAFKA_SASL_MECHANISM: 'gssapi' },
      'KAFKA_SASL_MECHANISM must be one of (empty), plain, scram-sha-256, scram-sha-512',
    ],
    [{ KAFKA_SSL_CA: CA }, 'KAFKA_SSL_CA is set but KAFKA_SSL is not true'],
    [
      { KAFKA_SSL: 'true', KAFKA_SSL_CA: path.join(dir, 'missing.pem') },
      'KAFKA_SSL_CA cannot be read: ENOENT',
    ],
    [
      { KAFKA_SSL: 'true', KAFKA_SSL_CA: NOT_PEM },
      'KAFKA_SSL_CA is not a PEM certificate file',
    ],
    [
      { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_PASSWORD: 'x' },
      'KAFKA_SASL_USERNAME is required with KAFKA_SASL_MECHANISM=scram-sha-256',
    ],
    [
      { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'x' },
      'KAFKA_SASL_PASSWORD is required with KAFKA_SASL_MECHANISM=scram-sha-256',
    ],
    [
      { KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'x' },
      'KAFKA_SASL_MECHANISM is required when KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set',
    ],
    [
      {
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: 'x',
      },
      'KAFKA_SASL_MECHANISM=plain sends the password in clear text',
    ],
  ])('refuses %j at boot, naming the variable', (source, problem) => {
    expect(problemsOf(source as NodeJS.ProcessEnv).join('\n')).toContain(
      problem,
    );
  });

  it('never prints the SASL password in a problem', () => {
    const problems = problemsOf({
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'hunter2-secret',
    });
    expect(problems.join('\n')).not.toContain('hunter2-secret');
  });

  it('accepts PLAIN over TLS', () => {
    expect(
      problemsOf({
        KAFKA_SSL: 'true',
        KAFKA_SASL_MECHANISM: 'plain',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: 'x',
      }),
    ).toEqual([]);
  });
});

describe('Postgres TLS settings', () => {
  const settings = (source: NodeJS.ProcessEnv) => ({
    ...databaseConnection(loadEnv(BaseEnv, source)),
    schema: 's',
    entities: [],
    migrations: [],
  });

  it('connects without TLS by default', () => {
    expect(dataSourceOptions(settings({}))).not.toHaveProperty('ssl');
  });

  it.each(['true', 'verify-full'])(
    'verifies the certificate and host name with DATABASE_SSL=%s',
    (value) => {
      expect(
        dataSourceOptions(settings({ DATABASE_SSL: value })),
      ).toMatchObject({ ssl: { rejectUnauthorized: true } });
      expect(
        dataSourceOptions(
          settings({ DATABASE_SSL: value, DATABASE_SSL_CA: CA }),
        ),
      ).toMatchObject({
        ssl: { rejectUnauthorized: true, ca: fs.readFileSync(CA, 'utf8') },
      });
    },
  );

  it('encrypts without verifying with DATABASE_SSL=require', () => {
    expect(
      dataSourceOptions(settings({ DATABASE_SSL: 'require' })),
    ).toMatchObject({ ssl: { rejectUnauthorized: false } });
  });

  it.each([
    [
      { DATABASE_SSL: 'on' },
      'DATABASE_SSL must be one of false, true, require, verify-full (got "on")',
    ],
    [
      { DATABASE_SSL_CA: CA },
      'DATABASE_SSL_CA is set but DATABASE_SSL is false',
    ],
    [
      { DATABASE_SSL: 'require', DATABASE_SSL_CA: CA },
      'DATABASE_SSL_CA is set but DATABASE_SSL is require',
    ],
    [
      { DATABASE_SSL: 'verify-full', DATABASE_SSL_CA: NOT_PEM },
      'DATABASE_SSL_CA is not a PEM certificate file',
    ],
    [
      {
        DATABASE_SSL: 'true',
        DATABASE_URL: 'postgres://u:p@db/x?sslmode=require',
      },
      'DATABASE_SSL is set and DATABASE_URL carries ssl parameters too',
    ],
  ])('refuses %j at boot, naming the variable', (source, problem) => {
    expect(problemsOf(source as NodeJS.ProcessEnv).join('\n')).toContain(
      problem,
    );
  });
});
