import { GroupedWrites } from './grouped-writes';

// A first write that waits until released, so the requests made meanwhile go together.
function firstWriteHeld(): { held: Promise<void>; release: () => void } {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  return { held, release };
}

describe('GroupedWrites', () => {
  it('writes the requests made while a write is in flight together, in the next write', async () => {
    const writes: number[][] = [];
    const { held, release } = firstWriteHeld();
    const grouped = new GroupedWrites<number, string>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await held;
      return `write ${writes.length}`;
    }, 100);

    const a = grouped.add([1]);
    const b = grouped.add([2, 3]);
    const c = grouped.add([4]);
    release();
    await expect(Promise.all([a, b, c])).resolves.toEqual(['write 1', 'write 2', 'write 2']);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps a write under maxItems without splitting a request', async () => {
    const writes: number[][] = [];
    const { held, release } = firstWriteHeld();
    const grouped = new GroupedWrites<number, void>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await held;
    }, 3);
    const all = [grouped.add([0]), grouped.add([1, 2]), grouped.add([3, 4]), grouped.add([5, 6, 7, 8])];
    release();
    await Promise.all(all);
    expect(writes).toEqual([[0], [1, 2], [3, 4], [5, 6, 7, 8]]);
  });

  it('when a grouped write fails, writes each request alone so only the bad one fails', async () => {
    const { held, release } = firstWriteHeld();
    let calls = 0;
    const grouped = new GroupedWrites<string, number>(async (items) => {
      calls++;
      if (calls === 1) await held;
      if (items.includes('bad')) throw new Error('cannot store "bad"');
      return items.length;
    }, 100);
    const head = grouped.add(['ok']);
    const good = grouped.add(['a', 'b']);
    const bad = grouped.add(['bad']);
    release();
    await expect(head).resolves.toBe(1);
    await expect(good).resolves.toBe(2);
    await expect(bad).rejects.toThrow('cannot store "bad"');
  });
});
