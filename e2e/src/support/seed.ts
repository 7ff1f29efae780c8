// Tenants and endpoints for delivery tests, made through the real API (admin projects and keys,
// /v1/endpoints). Only an endpoint with chosen secrets (a rotation in progress) is still written
// straight onto the compacted config topic, as config would publish it: the API never takes a secret.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { TOPICS, type EndpointState } from '@fastgen/contracts';
import { generateSecret, parseMasterKey, sealSecret } from '@fastgen/signing';
import type { Endpoint, EndpointSecret, Environment } from '@fastgen/sdk';
import { api } from './api';
import { stack } from './stack';
import { newTenant, waitForKey } from './tenants';

let producer: Producer | undefined;

async function send(topic: { name: string }, key: string, value: unknown): Promise<void> {
  if (!producer) {
    const kafka = new Kafka({ clientId: 'e2e-seed', brokers: stack().env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
    producer = kafka.producer({ idempotent: true });
    await producer.connect();
  }
  await producer.send({ topic: stack().env.KAFKA_TOPIC_PREFIX + topic.name, acks: -1, messages: [{ key, value: value === null ? null : JSON.stringify(value) }] });
}

export async function closeSeed(): Promise<void> {
  await producer?.disconnect();
  producer = undefined;
}

export interface Tenant {
  project_id: string;
  environment: Environment;
  key: string;
}

/** A new project + environment with an API key the gateway accepts (waits until it does). */
export async function seedTenant(environment: Tenant['environment'] = 'development'): Promise<Tenant> {
  const t = await newTenant();
  const key = environment === 'development' ? t.dev : t.prod;
  await waitForKey(key, 15_000);
  return { project_id: t.projectId, environment, key };
}

export interface SeededEndpoint {
  id: string;
  secret: string;
}

export async function seedEndpoint(
  tenant: Tenant,
  url: string,
  opts: Partial<Pick<EndpointState, 'event_types' | 'enabled' | 'headers' | 'rate_limit'>> & { secrets?: string[] } = {},
): Promise<SeededEndpoint> {
  if (opts.secrets) return seedEndpointOnTopic(tenant, url, opts);
  // opts.secrets is undefined here, so JSON leaves it out of the body.
  const created = await api<Endpoint>('POST', '/v1/endpoints', { key: tenant.key, body: { url, description: 'e2e receiver', ...opts } });
  if (created.status !== 201) throw new Error(`create endpoint: ${created.status} ${JSON.stringify(created.body)}`);
  const secret = await api<EndpointSecret>('GET', `/v1/endpoints/${created.body.id}/secret`, { key: tenant.key });
  if (secret.status !== 200) throw new Error(`endpoint secret: ${secret.status} ${JSON.stringify(secret.body)}`);
  return { id: created.body.id, secret: secret.body.secret };
}

async function seedEndpointOnTopic(
  tenant: Tenant,
  url: string,
  opts: Partial<Pick<EndpointState, 'event_types' | 'enabled' | 'headers' | 'rate_limit'>> & { secrets?: string[] },
): Promise<SeededEndpoint> {
  const secrets = opts.secrets ?? [generateSecret()];
  const master = parseMasterKey(stack().env['SECRETS_MASTER_KEY']!);
  const now = new Date().toISOString();
  const state: EndpointState = {
    id: randomUUID(),
    project_id: tenant.project_id,
    environment: tenant.environment,
    url,
    description: 'e2e receiver',
    event_types: opts.event_types ?? [],
    enabled: opts.enabled ?? true,
    disabled_reason: null,
    headers: opts.headers ?? {},
    rate_limit: opts.rate_limit ?? null,
    secrets: secrets.map((s, i) => ({ sealed: sealSecret(s, master), expires_at: i === 0 ? null : new Date(Date.now() + 86_400_000).toISOString() })),
    created_at: now,
    updated_at: now,
    version: 1,
  };
  await send(TOPICS.config.endpoints, state.id, state);
  return { id: state.id, secret: secrets[0]! };
}

/** Reads records of a run topic from the beginning (e.g. attempt outcomes, disable requests). */
export async function readTopic<T>(topic: { name: string }, timeoutMs = 3_000, prefix = stack().env.KAFKA_TOPIC_PREFIX): Promise<T[]> {
  const kafka = new Kafka({ clientId: 'e2e-reader', brokers: stack().env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const name = prefix + topic.name;
  const offsets = await admin.fetchTopicOffsets(name);
  await admin.disconnect();
  const want = new Map(offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => [o.partition, Number(o.high)]));
  const out: T[] = [];
  if (want.size === 0) return out;
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: name, fromBeginning: true });
  const done = new Set<number>();
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, timeoutMs);
    void consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (message.value) out.push(JSON.parse(message.value.toString()) as T);
        if (Number(message.offset) + 1 >= (want.get(partition) ?? 0)) done.add(partition);
        if (done.size === want.size) {
          clearTimeout(t);
          resolve();
        }
      },
    });
  });
  await consumer.disconnect();
  return out;
}
