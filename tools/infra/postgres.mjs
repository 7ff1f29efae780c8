// Postgres for development and tests: DATABASE_URL when given, else a server already on
// 127.0.0.1:5432, else Debian's postgresql package started with pg_ctlcluster.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { hasCommand, isRoot, log, portAnswers, run, runOrThrow, waitFor } from './shell.mjs';

const HOST = '127.0.0.1';
const PORT = 5432;
// Development-only credentials for the local server this script manages; never used in production.
const ROLE = 'fastgen';
const PASSWORD = 'fastgen';
const DATABASE = 'fastgen';
export const LOCAL_DATABASE_URL = `postgres://${ROLE}:${PASSWORD}@${HOST}:${PORT}/${DATABASE}`;

async function canQuery(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function clusters() {
  // pg_lsclusters -h: "<version> <name> <port> <status> <owner> <data dir> <log file>"
  const out = run('pg_lsclusters', ['-h']).stdout.trim();
  return out
    ? out.split('\n').map((line) => {
        const [version, name, port, status, , dataDir, logFile] = line.trim().split(/\s+/);
        return { version, name, port: Number(port), online: status.startsWith('online'), dataDir, logFile };
      })
    : [];
}

function installServer() {
  if (hasCommand('pg_ctlcluster')) return;
  if (!isRoot() || !hasCommand('apt-get')) {
    throw new Error(
      'Postgres is not running on 127.0.0.1:5432 and cannot be installed here (needs root and apt-get).\n' +
        'Either set DATABASE_URL to a Postgres 13+ server, install postgresql yourself, or use docker/compose.yaml.',
    );
  }
  log('installing postgresql from the Debian packages (once)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  runOrThrow('apt-get', ['update', '-qq'], { env });
  runOrThrow('apt-get', ['install', '-y', '-qq', 'postgresql'], { env });
}

function psqlAsSuperuser(sql) {
  // Over the Unix socket, where Debian's default peer authentication admits the postgres user.
  return runOrThrow('runuser', ['-u', 'postgres', '--', 'psql', '-p', String(PORT), '-tAc', sql]);
}

function ensureRoleAndDatabase() {
  if (!isRoot()) return;
  const hasRole = psqlAsSuperuser(`select 1 from pg_roles where rolname = '${ROLE}'`).trim() === '1';
  if (!hasRole) psqlAsSuperuser(`create role ${ROLE} login createdb password '${PASSWORD}'`);
  const hasDb = psqlAsSuperuser(`select 1 from pg_database where datname = '${DATABASE}'`).trim() === '1';
  if (!hasDb) psqlAsSuperuser(`create database ${DATABASE} owner ${ROLE}`);
}

/** Returns { url, startedByUs }. */
export async function postgresUp(stateDir) {
  if (process.env.DATABASE_URL) {
    await waitFor('DATABASE_URL to accept queries', () => canQuery(process.env.DATABASE_URL), { timeoutMs: 30_000 });
    return { url: process.env.DATABASE_URL, startedByUs: false };
  }
  let startedByUs = false;
  if (!(await portAnswers(HOST, PORT))) {
    installServer();
    let cluster = clusters().find((c) => c.port === PORT) ?? clusters()[0];
    if (!cluster) {
      const version = fs.readdirSync('/usr/lib/postgresql').sort().pop();
      log(`creating Postgres cluster ${version}/main`);
      runOrThrow('pg_createcluster', [version, 'main', '--port', String(PORT)]);
      cluster = clusters()[0];
    }
    if (!cluster.online) {
      log(`starting Postgres cluster ${cluster.version}/${cluster.name}`);
      runOrThrow('pg_ctlcluster', [cluster.version, cluster.name, 'start']);
      startedByUs = true;
      fs.writeFileSync(path.join(stateDir, 'postgres.started'), `${cluster.version} ${cluster.name}\n`);
    }
    await waitFor('Postgres to listen on 127.0.0.1:5432', () => portAnswers(HOST, PORT), { timeoutMs: 60_000 });
  }
  ensureRoleAndDatabase();
  await waitFor('Postgres to accept queries', () => canQuery(LOCAL_DATABASE_URL), { timeoutMs: 60_000 });
  return { url: LOCAL_DATABASE_URL, startedByUs };
}

export function postgresDown(stateDir) {
  const marker = path.join(stateDir, 'postgres.started');
  if (!fs.existsSync(marker)) {
    log('Postgres was not started by this tool; leaving it alone');
    return;
  }
  const [version, name] = fs.readFileSync(marker, 'utf8').trim().split(' ');
  run('pg_ctlcluster', [version, name, 'stop']);
  fs.rmSync(marker);
  log(`stopped Postgres cluster ${version}/${name}`);
}

/** Whether this checkout's tools started the local cluster (so they may restart or stop it). */
export function postgresOwned(stateDir) {
  return fs.existsSync(path.join(stateDir, 'postgres.started'));
}

/** Restarts the local cluster, only when this checkout started it; resolves once it accepts queries again. */
export async function postgresRestart(stateDir) {
  if (!postgresOwned(stateDir)) throw new Error('Postgres was not started by this checkout; refusing to restart it');
  const [version, name] = fs.readFileSync(path.join(stateDir, 'postgres.started'), 'utf8').trim().split(' ');
  runOrThrow('pg_ctlcluster', [version, name, 'restart']);
  await waitFor('Postgres to accept queries after the restart', () => canQuery(LOCAL_DATABASE_URL).catch(() => false), { timeoutMs: 60_000 });
}

export async function postgresStatus() {
  const url = process.env.DATABASE_URL ?? LOCAL_DATABASE_URL;
  try {
    return (await canQuery(url)) ? `up (${url.replace(/:[^:@/]+@/, ':***@')})` : 'down';
  } catch (err) {
    return `down (${err.message})`;
  }
}

export function postgresLogFile() {
  return clusters()[0]?.logFile;
}
