import { writeIsolating } from './isolate';
import { PermanentRecordError } from './permanent-errors';

// A fake store that refuses any batch containing a poison record, like Postgres refusing a whole
// transaction for one bad row.
function store(poison: Set<number>) {
  const written: number[] = [];
  let writes = 0;
  const write = async (batch: number[]) => {
    writes++;
    const bad = batch.find((n) => poison.has(n));
    if (bad !== undefined) throw Object.assign(new Error(`unsupported Unicode escape sequence (${bad})`), { code: '22P05' });
    written.push(...batch);
  };
  return { write, written, writes: () => writes };
}

describe('writeIsolating', () => {
  it('writes a clean batch in one write', async () => {
    const s = store(new Set());
    expect(await writeIsolating([1, 2, 3], s.write)).toEqual([]);
    expect(s.written).toEqual([1, 2, 3]);
    expect(s.writes()).toBe(1);
  });

  it('isolates each record Postgres refuses for good and writes every other one', async () => {
    const s = store(new Set([7, 42]));
    const records = Array.from({ length: 100 }, (_, i) => i);
    const refused = await writeIsolating(records, s.write);
    expect(refused.map((r) => [r.record, r.reason])).toEqual([
      [7, 'data_error'],
      [42, 'data_error'],
    ]);
    expect(s.written.sort((a, b) => a - b)).toEqual(records.filter((n) => n !== 7 && n !== 42));
    expect(s.writes()).toBeLessThan(30);
  });

  it('classifies constraint violations, refusals and values too deep to serialise as permanent', async () => {
    const fail = (err: Error) => async () => Promise.reject(err);
    expect((await writeIsolating([1], fail(Object.assign(new Error('x'), { driverError: { code: '23514' } }))))[0]!.reason).toBe('constraint');
    expect((await writeIsolating([1], fail(new PermanentRecordError('no'))))[0]!.reason).toBe('refused');
    expect((await writeIsolating([1], fail(new RangeError('Maximum call stack size exceeded'))))[0]!.reason).toBe('unserializable');
  });

  it('throws a transient error (connection lost, deadlock) without splitting', async () => {
    let writes = 0;
    const write = async () => {
      writes++;
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    };
    await expect(writeIsolating([1, 2, 3, 4], write)).rejects.toThrow('deadlock');
    expect(writes).toBe(1);
  });
});
