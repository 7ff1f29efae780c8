import type { Kafka } from 'kafkajs';
import { Type } from '@sinclair/typebox';
import { defineContract, type TopicSpec } from '@fastgen/contracts';
import { KafkaProducer } from './producer';

interface Call {
  topicMessages: { topic: string; messages: { key: string; value: string | null }[] }[];
  done: (err?: Error) => void;
}

function fakeKafka(calls: Call[]): Kafka {
  const producer = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    sendBatch: (req: { topicMessages: Call['topicMessages'] }) =>
      new Promise<void>((resolve, reject) => calls.push({ topicMessages: req.topicMessages, done: (err) => (err ? reject(err) : resolve()) })),
  };
  return { producer: () => producer } as unknown as Kafka;
}

const spec = (name: string) =>
  ({ name, contract: defineContract(name, Type.Object({ n: Type.Integer() })) }) as unknown as TopicSpec;
const A = spec('a.v1');
const B = spec('b.v1');
const tick = () => new Promise((r) => setImmediate(r));

describe('KafkaProducer', () => {
  it('sends the first record at once and coalesces sends made while it is in flight into one request', async () => {
    const calls: Call[] = [];
    const producer = new KafkaProducer(fakeKafka(calls));
    const first = producer.send(A, [{ key: '1', value: { n: 1 } }]);
    await tick();
    expect(calls).toHaveLength(1);
    const second = producer.send(A, [{ key: '2', value: { n: 2 } }]);
    const third = producer.send(B, [{ key: '3', value: { n: 3 } }]);
    const fourth = producer.send(A, [{ key: '4', value: { n: 4 } }]);
    await tick();
    expect(calls).toHaveLength(1); // still waiting for the broker's acknowledgement of the first

    let secondDone = false;
    void second.then(() => (secondDone = true));
    calls[0].done();
    await first;
    await tick();
    expect(calls).toHaveLength(2);
    expect(calls[1].topicMessages.map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([
      ['a.v1', ['2', '4']],
      ['b.v1', ['3']],
    ]);
    expect(secondDone).toBe(false); // resolves only once its own request is acknowledged
    calls[1].done();
    await Promise.all([second, third, fourth]);
  });

  it('rejects exactly the callers whose request failed and goes on with the next', async () => {
    const calls: Call[] = [];
    const producer = new KafkaProducer(fakeKafka(calls));
    const first = producer.send(A, [{ key: '1', value: { n: 1 } }]);
    await tick();
    const second = producer.send(A, [{ key: '2', value: { n: 2 } }]);
    calls[0].done(new Error('broker gone'));
    await expect(first).rejects.toThrow('broker gone');
    await tick();
    calls[1].done();
    await expect(second).resolves.toBeUndefined();
  });

  it('refuses an invalid value before anything is sent', async () => {
    const calls: Call[] = [];
    const producer = new KafkaProducer(fakeKafka(calls));
    await expect(producer.send(A, [{ key: '1', value: { n: 'x' } as unknown as { n: number } }])).rejects.toThrow();
    expect(calls).toHaveLength(0);
  });
});
