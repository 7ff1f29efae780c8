import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { api } from '../support/api';
import { ExtraStack, runServiceToExit } from '../support/extra-stack';
import { stack } from '../support/stack';
import { waitFor } from '../support/wait';

// The local broker's other listeners (tools/infra/kafka.mjs, tools/infra/kafka/local-listeners.json):
// SASL_PLAINTEXT + SCRAM-SHA-256, and SSL with a self-signed certificate. Their addresses may be
// overridden to develop against another broker made by the same script.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const LISTENERS = JSON.parse(fs.readFileSync(path.join(ROOT, 'tools', 'infra', 'kafka', 'local-listeners.json'), 'utf8')) as {
  sasl: { brokers: string; mechanism: string; username: string; password: string };
  tls: { brokers: string };
};
const SASL_BROKERS = process.env['FASTGEN_E2E_SASL_BROKERS'] || LISTENERS.sasl.brokers;
const TLS_BROKERS = process.env['FASTGEN_E2E_TLS_BROKERS'] || LISTENERS.tls.brokers;

// Decided when the file loads, so a missing listener shows as SKIPPED rather than a pass.
function listenerAnswers(address: string): boolean {
  const [host, port] = address.split(',')[0]!.split(':');
  const probe = `const s=require('net').connect(${Number(port)},${JSON.stringify(host)});s.setTimeout(1000,()=>process.exit(1));s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));`;
  return spawnSync(process.execPath, ['-e', probe], { timeout: 5_000 }).status === 0;
}
const RESTART = '(the running broker predates it; `npm run infra -- down` and `up` restart it with one)';
const sasl = listenerAnswers(SASL_BROKERS);
const secure = listenerAnswers(TLS_BROKERS);

/** Config and gateway talk over Kafka for this: a request and a reply each way, and a view. */
async function exercise(extra: ExtraStack, name: string): Promise<void> {
  const call = (method: string, p: string, key: string, body?: unknown) => api(method, p, { key, body, gateway: extra.urls.gateway });
  const admin = stack().env.ADMIN_TOKEN;
  const project = await call('POST', '/v1/admin/projects', admin, { name });
  expect(project.status).toBe(201);
  const key = await call('POST', `/v1/admin/projects/${project.body.id}/api-keys`, admin, { environment: 'production' });
  expect(key.status).toBe(201);
  // The gateway learns the key from config's compacted topic (a view consumer).
  await waitFor('the new key to be accepted by the gateway', async () => (await call('GET', '/v1/endpoints', key.body.key)).status === 200);
  const endpoint = await call('POST', '/v1/endpoints', key.body.key, { url: `https://hooks.example.com/${name}` });
  expect(endpoint.status).toBe(201);
  expect((await call('GET', `/v1/endpoints/${endpoint.body.id}`, key.body.key)).body.url).toBe(`https://hooks.example.com/${name}`);
}

const saslEnv = {
  KAFKA_BROKERS: SASL_BROKERS,
  KAFKA_SASL_MECHANISM: LISTENERS.sasl.mechanism,
  KAFKA_SASL_USERNAME: LISTENERS.sasl.username,
  KAFKA_SASL_PASSWORD: LISTENERS.sasl.password,
};

(sasl ? describe : describe.skip)(sasl ? `Kafka over SASL/SCRAM-SHA-256 (${SASL_BROKERS})` : `SKIPPED: Kafka over SASL/SCRAM: no SASL listener on ${SASL_BROKERS} ${RESTART}`, () => {
  const extra = new ExtraStack(['config', 'gateway'], saslEnv);

  beforeAll(() => extra.up(), 180_000);
  afterAll(() => extra.down(), 60_000);

  it('runs config and gateway against the SASL listener: requests, replies and views all go through it', () => exercise(extra, 'sasl'));

  it('stops at start with a wrong SCRAM password, saying the authentication failed', async () => {
    const { code, output } = await runServiceToExit('config', [], {
      ...saslEnv,
      KAFKA_SASL_PASSWORD: 'not-the-password',
      KAFKA_TOPIC_PREFIX: `${stack().env.KAFKA_TOPIC_PREFIX}badsasl.`,
      PORT: '0',
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/SASL SCRAM SHA256 authentication failed/i);
  }, 90_000);
});

/** The listener's own certificate, as a PEM file: the CA the services are told to trust. */
function fetchCertificate(address: string, file: string): Promise<void> {
  const [host, port] = address.split(',')[0]!.split(':');
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ host, port: Number(port), rejectUnauthorized: false }, () => {
      const der = socket.getPeerCertificate().raw;
      socket.destroy();
      fs.writeFileSync(file, `-----BEGIN CERTIFICATE-----\n${der.toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`);
      resolve();
    });
    socket.once('error', reject);
  });
}

(secure ? describe : describe.skip)(secure ? `Kafka over TLS (${TLS_BROKERS})` : `SKIPPED: Kafka over TLS: no SSL listener on ${TLS_BROKERS} ${RESTART}`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fastgen-kafka-ca-'));
  const ca = path.join(dir, 'ca.pem');
  const tlsEnv = { KAFKA_BROKERS: TLS_BROKERS, KAFKA_SSL: 'true', KAFKA_SSL_CA: ca };
  const extra = new ExtraStack(['config', 'gateway'], tlsEnv);

  beforeAll(async () => {
    await fetchCertificate(TLS_BROKERS, ca);
    await extra.up();
  }, 180_000);
  afterAll(async () => {
    await extra.down();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('runs config and gateway over TLS, verifying the brokers against KAFKA_SSL_CA', () => exercise(extra, 'tls'));

  it('stops at start when the brokers cannot be verified (no KAFKA_SSL_CA for a self-signed certificate)', async () => {
    const { code, output } = await runServiceToExit('config', [], {
      ...tlsEnv,
      KAFKA_SSL_CA: '',
      KAFKA_TOPIC_PREFIX: `${stack().env.KAFKA_TOPIC_PREFIX}badtls.`,
      PORT: '0',
    });
    expect(code).not.toBe(0);
    expect(output).toMatch(/self[- ]signed certificate/i);
  }, 90_000);
});
