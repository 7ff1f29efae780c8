import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { api } from '../support/api';
import { ExtraStack, runServiceToExit } from '../support/extra-stack';
import { stack } from '../support/stack';
import { waitFor } from '../support/wait';

// The local broker's SASL_PLAINTEXT + SCRAM-SHA-256 listener (tools/infra/kafka.mjs). The address
// may be overridden to develop against another broker with the same user.
const ROOT = path.resolve(__dirname, '..', '..', '..');
const LOCAL_SASL = JSON.parse(
  fs.readFileSync(
    path.join(ROOT, 'tools', 'infra', 'kafka', 'local-sasl.json'),
    'utf8',
  ),
) as {
  brokers: string;
  mechanism: string;
  username: string;
  password: string;
};
const SASL_BROKERS =
  process.env['FASTGEN_E2E_SASL_BROKERS'] || LOCAL_SASL.brokers;

// Decided when the file loads, so a missing listener shows as SKIPPED rather than a pass.
function listenerAnswers(address: string): boolean {
  const [host, port] = address.split(',')[0]!.split(':');
  const probe = `const s=require('net').connect(${Number(port)},${JSON.stringify(host)});s.setTimeout(1000,()=>process.exit(1));s.on('connect',()=>process.exit(0));s.on('error',()=>process.exit(1));`;
  return (
    spawnSync(process.execPath, ['-e', probe], { timeout: 5_000 }).status === 0
  );
}
const present = listenerAnswers(SASL_BROKERS);
const describeSasl = present ? describe : describe.skip;
const title = present
  ? `Kafka over SASL/SCRAM-SHA-256 (${SASL_BROKERS})`
  : `SKIPPED: Kafka over SASL/SCRAM: no SASL listener on ${SASL_BROKERS} (the running broker predates it; \`npm run infra -- down\` and \`up\` restart it with one)`;

const saslEnv = {
  KAFKA_BROKERS: SASL_BROKERS,
  KAFKA_SASL_MECHANISM: LOCAL_SASL.mechanism,
  KAFKA_SASL_USERNAME: LOCAL_SASL.username,
  KAFKA_SASL_PASSWORD: LOCAL_SASL.password,
};

describeSasl(title, () => {
  const extra = new ExtraStack(['config', 'gateway'], saslEnv);

  beforeAll(() => extra.up(), 180_000);
  afterAll(() => extra.down(), 60_000);

  const call = (method: string, p: string, key: string, body?: unknown) =>
    api(method, p, { key, body, gateway: extra.urls.gateway });

  it('runs config and gateway against the SASL listener: requests, replies and views all go through it', async () => {
    const admin = stack().env.ADMIN_TOKEN;
    // gateway -> config request and config -> gateway reply: a produce and a consume on each side.
    const project = await call('POST', '/v1/admin/projects', admin, {
      name: 'sasl',
    });
    expect(project.status).toBe(201);
    const key = await call(
      'POST',
      `/v1/admin/projects/${project.body.id}/api-keys`,
      admin,
      { environment: 'production' },
    );
    expect(key.status).toBe(201);
    // The gateway learns the key from config's compacted topic (a view consumer over SASL too).
    await waitFor(
      'the new key to be accepted by the gateway',
      async () =>
        (await call('GET', '/v1/endpoints', key.body.key)).status === 200,
    );
    const endpoint = await call('POST', '/v1/endpoints', key.body.key, {
      url: 'https://hooks.example.com/sasl',
    });
    expect(endpoint.status).toBe(201);
    expect(
      (await call('GET', `/v1/endpoints/${endpoint.body.id}`, key.body.key))
        .body.url,
    ).toBe('https://hooks.example.com/sasl');
  });

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
