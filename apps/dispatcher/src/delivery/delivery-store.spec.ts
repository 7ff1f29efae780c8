import type { DataSource } from 'typeorm';
import { DeliveryStore } from './delivery-store';

interface Tx {
  sql: string;
  params: unknown[];
  commit: (err?: Error) => void;
}

// A DataSource whose statements stay in flight until the test commits (or fails) them.
function fakeDb(txs: Tx[]): DataSource {
  return {
    query: (sql: string, params: unknown[]) =>
      new Promise((resolve, reject) => txs.push({ sql, params, commit: (err) => (err ? reject(err) : resolve([{ n: (params[0] as string[]).length }])) })),
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
    const { params } = txs[1];
    expect(params[0]).toEqual(['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003']);
    expect(params[1]).toEqual(['retrying', 'failed']);
    expect(params[3]).toEqual([500, null]);
    // The outbox records, each with the job it belongs to.
    expect(params[6]).toEqual(['00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000003']);
    expect(params[7]).toEqual(['a2', 'a3']);
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
    const store = new DeliveryStore(fakeDb(txs));
    const retried = store.recordAttempt('00000000-0000-4000-8000-000000000001', 2, 'succeeded', null, 204, null, outbox('a1'));
    await tick();
    txs[0].commit();
    await retried;
    expect(txs[0].sql).toContain('d.attempts = t.attempts_before');
    expect(txs[0].params[5]).toEqual([2]);
    // An earlier try that committed the row committed its outbox records too: nothing is published twice.
    expect(txs[0].sql).toContain('where o.job_id in (select id from updated)');
  });

});
