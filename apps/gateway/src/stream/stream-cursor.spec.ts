import { formatCursor, parseCursor, positionKey } from './stream-cursor';

describe('stream cursor', () => {
  it('round-trips the positions of every partition', () => {
    const positions = new Map([
      [positionKey('m', 0), 120],
      [positionKey('m', 5), 0],
      [positionKey('a', 3), 9_007_199_254],
      [positionKey('a', 4), -1],
    ]);
    expect(formatCursor(positions)).toBe('m0:120,m5:0,a3:9007199254,a4:-1');
    expect(parseCursor(formatCursor(positions))).toEqual(positions);
  });

  it.each([
    '',
    'garbage',
    'm0:12,',
    'x0:1',
    'm0:-2',
    'm0:1.5',
    'm0:99999999999999999999',
    'm0:1;drop',
  ])('refuses %p', (text) => {
    expect(parseCursor(text)).toBeUndefined();
  });
});
