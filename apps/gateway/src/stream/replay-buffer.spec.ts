import { ReplayBuffer, type StreamEntry } from './replay-buffer';
import { parseCursor } from './stream-cursor';

const entry = (
  buffer: ReplayBuffer,
  key: string,
  offset: number,
  scope = 'p:development',
): StreamEntry => {
  const e: StreamEntry = {
    key,
    offset,
    scope,
    kind: 'message',
    event: 'order.paid',
    data: `{"n":${offset}}`,
    cursor: buffer.advance(key, offset),
  };
  buffer.push(e);
  return e;
};

describe('ReplayBuffer', () => {
  it('replays exactly the records after a cursor, across partitions, for the scope asked', () => {
    const b = new ReplayBuffer(100, 1 << 20);
    b.start('m0', 10);
    b.start('m1', 20);
    entry(b, 'm0', 10);
    const seen = entry(b, 'm1', 20);
    entry(b, 'm0', 11, 'other:development');
    const a = entry(b, 'm1', 21);
    const c = entry(b, 'm0', 12);
    const result = b.replay(
      parseCursor(seen.cursor)!,
      (e) => e.scope === 'p:development',
    );
    expect(result.entries.map((e) => e.data)).toEqual([a.data, c.data]);
    expect(result.gap).toBe(false);
  });

  it('reports a gap once records after the cursor were evicted', () => {
    const b = new ReplayBuffer(2, 1 << 20);
    b.start('m0', 0);
    const first = entry(b, 'm0', 0);
    entry(b, 'm0', 1);
    expect(b.replay(parseCursor(first.cursor)!, () => true).gap).toBe(false);
    entry(b, 'm0', 2);
    entry(b, 'm0', 3);
    const result = b.replay(parseCursor(first.cursor)!, () => true);
    expect(result.gap).toBe(true);
    expect(result.entries.map((e) => e.offset)).toEqual([2, 3]);
  });

  it('reports a gap for a cursor older than where this process started reading', () => {
    const b = new ReplayBuffer(10, 1 << 20);
    b.start('m0', 50);
    expect(b.replay(new Map([['m0', 10]]), () => true).gap).toBe(true);
    expect(b.replay(new Map([['m0', 49]]), () => true).gap).toBe(false);
  });

  it('stays within its byte budget', () => {
    const b = new ReplayBuffer(1000, 100);
    b.start('m0', 0);
    for (let i = 0; i < 50; i++) entry(b, 'm0', i);
    expect(
      b.replay(new Map([['m0', -1]]), () => true).entries.length,
    ).toBeLessThan(10);
  });
});
