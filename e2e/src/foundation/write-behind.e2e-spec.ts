import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Type } from '@sinclair/typebox';
import { defineContract, type TopicSpec } from '@fastgen/contracts';
import { DurableConsumer, Readiness, type ConsumedRecord, type DeadLetters } from '@fastgen/platform';
import { stack } from '../support/stack';
import { waitFor } from '../support/wait';

// The platform's durable edge in write-behind mode (the dispatcher's intake), against the real
// broker: chunks are written while the next ones are fetched and may finish in any order, yet the
// committed offset only ever covers what is durable, so a process that dies replays exactly the
// records whose writes had not finished.

const numbered = defineContract('e2e numbered record', Type.Object({ n: Type.Integer() }));

describe('the durable Kafka edge writing behind the fetch', () => {
  const kafka = new Kafka({ clientId: `e2e-write-behind-${stack().runId}`, brokers: stack().env.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  const topic = `${stack().env.KAFKA_TOPIC_PREFIX}e2e.write-behind.${randomUUID().slice(0, 8)}`;
  const group = `e2e-write-behind-${stack().runId}-${randomUUID().slice(0, 8)}`;
  // The spec's name is the full topic name: this process has no topic prefix of its own.
  const spec = { name: topic, contract: numbered, partitions: 1 } as unknown as TopicSpec;
  const deadLetters = { send: async () => undefined } as unknown as DeadLetters;
  let admin: Admin;
  const consumers: DurableConsumer[] = [];

  const consumerWriting = (write: (n: number) => Promise<void>): DurableConsumer => {
    const consumer = new DurableConsumer(
      { kafka, clientIdSuffix: '', deadLetters, readiness: new Readiness() },
      {
        group,
        topics: [{ spec, write: async (records: ConsumedRecord<{ n: number }>[]) => void (await Promise.all(records.map((r) => write(r.value.n)))) }],
        chunkSize: 1, // every record its own chunk, so chunks can finish out of order
        writeBehind: 16,
        consumer: { minBytes: 1, maxWaitTimeInMs: 100 },
      },
    );
    consumers.push(consumer);
    void consumer.start();
    return consumer;
  };

  const committed = async (): Promise<number> => {
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
    return Number(offsets?.partitions[0]?.offset ?? -1);
  };

  beforeAll(async () => {
    admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  });

  afterAll(async () => {
    await Promise.all(consumers.map((c) => c.stop()));
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('commits only the durable prefix while a write is slow, and after a crash replays from the slow record on', async () => {
    const producer = kafka.producer({ idempotent: true });
    await producer.connect();
    await producer.send({ topic, acks: -1, messages: Array.from({ length: 10 }, (_, n) => ({ key: `k${n}`, value: JSON.stringify({ n }) })) });
    await producer.disconnect();

    // Record 3's write never finishes (its database hangs); the others are written at once.
    const firstRun = new Set<number>();
    const first = consumerWriting((n) => (n === 3 ? new Promise<void>(() => undefined) : Promise.resolve(void firstRun.add(n))));
    await waitFor('every record but 3 written', async () => ([0, 1, 2, 4, 5, 6, 7, 8, 9].every((n) => firstRun.has(n)) ? true : undefined));
    // Records 0–2 are durable with everything before them: offset 3 is committed, and nothing past it.
    await waitFor('the durable prefix committed', async () => ((await committed()) >= 3 ? true : undefined));
    expect(await committed()).toBe(3);

    // The process goes away with record 3 still unwritten (stop waits for it, then gives up).
    await first.stop();
    expect(await committed()).toBe(3);

    // The next run starts at the committed offset: record 3 and everything after it again, nothing before.
    const secondRun: number[] = [];
    consumerWriting(async (n) => void secondRun.push(n));
    await waitFor('the rest replayed and committed', async () => ((await committed()) === 10 ? true : undefined));
    expect(secondRun.sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });
});
