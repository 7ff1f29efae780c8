import type { TopicSpec } from '@fastgen/contracts';
import { OutboxRelay, type OutboxEntry } from './outbox-relay';

const spec = (name: string) => ({ name }) as TopicSpec;

function table(entries: OutboxEntry[]) {
  const rows = [...entries];
  return {
    rows,
    drain: async (limit: number, publish: (e: OutboxEntry[]) => Promise<void>) => {
      const taken = rows.slice(0, limit);
      await publish(taken); // throwing leaves the rows, like a rolled-back delete
      rows.splice(0, taken.length);
      return taken.length;
    },
  };
}

describe('OutboxRelay', () => {
  it('publishes entries to their topics in order and deletes them once acknowledged', async () => {
    const t = table([
      { topic: 'attempts', key: 'm1', value: { n: 1 } },
      { topic: 'disables', key: 'e1', value: { n: 2 } },
      { topic: 'attempts', key: 'm2', value: { n: 3 } },
    ]);
    const sent: [string, string[]][] = [];
    const producer = { send: async (s: TopicSpec, records: { key: string }[]) => void sent.push([s.name, records.map((r) => r.key)]) };
    const relay = new OutboxRelay(producer, { name: 'test', topics: { attempts: spec('a.v1'), disables: spec('d.v1') }, drain: t.drain });
    expect(await relay.drainOnce()).toBe(3);
    expect(sent).toEqual([
      ['a.v1', ['m1', 'm2']],
      ['d.v1', ['e1']],
    ]);
    expect(t.rows).toEqual([]);
  });

  it('keeps every entry when the broker refuses them, for the next try', async () => {
    const t = table([{ topic: 'attempts', key: 'm1', value: {} }]);
    const producer = { send: async () => Promise.reject(new Error('broker down')) };
    const relay = new OutboxRelay(producer, { name: 'test', topics: { attempts: spec('a.v1') }, drain: t.drain });
    await expect(relay.drainOnce()).rejects.toThrow('broker down');
    expect(t.rows).toHaveLength(1);
  });
});
