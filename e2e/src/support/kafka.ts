import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import type { TopicSpec } from '@fastgen/contracts';
import { stack } from './stack';

let kafka: Kafka | undefined;
let producer: Producer | undefined;

function client(): Kafka {
  kafka ??= new Kafka({ brokers: stack().env.KAFKA_BROKERS.split(','), clientId: `e2e-${stack().runId}`, logLevel: logLevel.NOTHING });
  return kafka;
}

/** The topic name of this run (its prefix applied). */
export const runTopic = (spec: Pick<TopicSpec, 'name'>): string => stack().env.KAFKA_TOPIC_PREFIX + spec.name;

/** Produces records straight to a topic of this run, as another service would; values are validated. */
export async function produce(spec: TopicSpec, records: { key: string; value: unknown }[]): Promise<void> {
  if (!producer) {
    producer = client().producer({ idempotent: true, allowAutoTopicCreation: false });
    await producer.connect();
  }
  await producer.send({ topic: runTopic(spec), acks: -1, messages: records.map((r) => ({ key: r.key, value: r.value === null ? null : JSON.stringify(r.value) })) });
}

/** Produces raw bytes (e.g. an invalid record for the dead-letter path). */
export async function produceRaw(spec: TopicSpec, key: string, value: string): Promise<void> {
  await produce(spec, []);
  await producer!.send({ topic: runTopic(spec), acks: -1, messages: [{ key, value }] });
}

/** Collects every record of a topic from now on (a fresh group per call). */
export async function collect<T = any>(spec: TopicSpec): Promise<{ records: T[]; stop: () => Promise<void> }> {
  const consumer: Consumer = client().consumer({ groupId: `e2e-${stack().runId}-${randomUUID().slice(0, 8)}`, sessionTimeout: 10_000 });
  const records: T[] = [];
  await consumer.connect();
  await consumer.subscribe({ topics: [runTopic(spec)], fromBeginning: true });
  let joined!: () => void;
  const ready = new Promise<void>((r) => (joined = r));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  await consumer.run({ eachMessage: async ({ message }) => void (message.value && records.push(JSON.parse(message.value.toString()) as T)) });
  await ready;
  return { records, stop: () => consumer.disconnect() };
}

export async function closeKafka(): Promise<void> {
  await producer?.disconnect();
  producer = undefined;
}
