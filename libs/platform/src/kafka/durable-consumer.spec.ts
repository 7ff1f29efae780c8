import type { Kafka } from 'kafkajs';
import type { TopicSpec } from '@fastgen/contracts';
import { Readiness } from '../health/readiness';
import type { DeadLetters } from './dead-letters';
import { DurableConsumer } from './durable-consumer';
import { lastCommits } from './consumer-metrics';

// The stall check only: lag and commits are fed as the consumer's batches and commit events would.
interface Probe {
  setLag(topic: string, partition: number, waiting: number): void;
  checkProgress(): void;
}

function consumerAt(readiness: Readiness): Probe {
  const kafka = { consumer: () => ({ on: () => undefined, events: {} }) } as unknown as Kafka;
  const spec = { name: 'events.messages.v1' } as TopicSpec;
  const c = new DurableConsumer(
    { kafka, clientIdSuffix: '-t', deadLetters: {} as DeadLetters, readiness },
    { group: 'stall-test', topics: [{ spec, write: async () => undefined }], stallAfterMs: 60_000 },
  );
  return c as unknown as Probe;
}

describe('DurableConsumer stall detection', () => {
  let now = 1_000_000;
  beforeEach(() => jest.spyOn(Date, 'now').mockImplementation(() => now));
  afterEach(() => jest.restoreAllMocks());

  it('goes unready when records wait past the limit without a commit, and ready again after one', () => {
    const readiness = new Readiness();
    const c = consumerAt(readiness);
    const stalled = () => Object.keys(readiness.unmet()).some((k) => k.includes('progress'));
    c.setLag('events.messages.v1', 0, 5);
    now += 30_000;
    c.checkProgress();
    expect(stalled()).toBe(false);
    now += 31_000;
    c.checkProgress();
    expect(stalled()).toBe(true);
    lastCommits.set('stall-test-t\u0000events.messages.v1', { group: 'stall-test-t', topic: 'events.messages.v1', at: now });
    c.checkProgress();
    expect(stalled()).toBe(false);
  });

  it('stays ready while nothing waits, however long ago the last commit was', () => {
    const readiness = new Readiness();
    const c = consumerAt(readiness);
    c.setLag('events.messages.v1', 0, 0);
    now += 3_600_000;
    c.checkProgress();
    expect(Object.keys(readiness.unmet()).some((k) => k.includes('progress'))).toBe(false);
  });
});
