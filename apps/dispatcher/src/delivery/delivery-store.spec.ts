import type { DataSource } from 'typeorm';
import { DeliveryStore } from './delivery-store';

interface Tx {
  queries: { sql: string; params: unknown[] }[];
  commit: (err?: Error) => void;
}

// A DataSource whose transactions stay open until the test commits (or fails) them. The update
// reports every row as written, except the ids in `alreadyWritten` (an earlier try committed them).
function fakeDb(txs: Tx[], alreadyWritten: string[] = []): DataSource {
  return {
    transaction: async (fn: (tx: { query: (sql: string, params: unknown[]) => Promise<unknown> }) => Promise<unknown>) => {
      const tx: Tx = { queries: [], commit: () => undefined };
      txs.push(tx);
      await fn({
        query: async (sql, params) => {
          tx.queries.push({ sql, params });
          if (!/^\s*update/.test(sql)) return undefined;
          return (params[0] as string[]).filter((id) => !alreadyWritten.includes(id)).map((id) => ({ id }));
        },
      });
      await new Promise<void>((resolve, reject) => (tx.commit = (err) => (err ? reject(err) : resolve())));
    },
  } as unknown as DataSource;
}

const tick = () => new Promise((r) => setImmediate(r));
const outbox = (id: string) => [{ id, topic: 'attempts' as const, key: 'k', value: { id } }];

describe('DeliveryStore.recordAttempt', () => {
  it('writes attempts finishing during a commit together in the next one, each resolving after its own commit', async () => {
    const txs: Tx[] = [];
    const store = new DeliveryStore(fakeDb(txs));
    const first = store.recordAttempt('00000000-0000-4000-8000-000000000001', 0, 'succeeded', null, 204, null, outbox('a1'));
    await tick();
    expect(txs).toHaveLength(1);
    const second = store.recordAttempt('00000000-0000-4000-8000-000000000002', 0, 'retrying', new Date(0), 500, null, outbox('a2'));
    const third = store.recordAttempt('00000000-0000-4000-8000-000000000003', 0, 'failed', null, null, 'timeout', outbox('a3'));
    await tick();
    expect(txs).toHaveLength(1);

    let secondDone = false;
    void second.then(() => (secondDone = true));
    txs[0].commit();
    await first;
    await tick();
    expect(txs).toHaveLength(2);
    const [update, insert] = txs[1].queries;
    expect(update.params[0]).toEqual(['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003']);
    expect(update.params[1]).toEqual(['retrying', 'failed']);
    expect(update.params[3]).toEqual([500, null]);
    expect(insert.params[0]).toEqual(['a2', 'a3']);
    expect(secondDone).toBe(false);
    txs[1].commit();
    await Promise.all([second, third]);
  });

  it('rejects the attempts of a failed commit and still writes later ones', async () => {
    const txs: Tx[] = [];
    const store = new DeliveryStore(fakeDb(txs));
    const first = store.recordAttempt('00000000-0000-4000-8000-000000000001', 0, 'succeeded', null, 204, null, outbox('a1'));
    await tick();
    const second = store.recordAttempt('00000000-0000-4000-8000-000000000002', 0, 'succeeded', null, 204, null, outbox('a2'));
    txs[0].commit(new Error('connection terminated'));
    await expect(first).rejects.toThrow('connection terminated');
    await tick();
    txs[1].commit();
    await expect(second).resolves.toBeUndefined();
  });

  it('writes an attempt only while the row still has the attempts it was read with, and its outbox only then', async () => {
    const txs: Tx[] = [];
    const store = new DeliveryStore(fakeDb(txs, ['00000000-0000-4000-8000-000000000001']));
    const retried = store.recordAttempt('00000000-0000-4000-8000-000000000001', 2, 'succeeded', null, 204, null, outbox('a1'));
    await tick();
    txs[0].commit();
    await retried;
    const [update, ...rest] = txs[0].queries;
    expect(update.sql).toContain('d.attempts = t.attempts_before');
    expect(update.params[5]).toEqual([2]);
    // The earlier try committed the row and its outbox records: nothing is published twice.
    expect(rest.flatMap((q) => (q.params[0] as string[]) ?? [])).not.toContain('a1');
  });
});
