import { backoffDelay, retry } from './retry';

const noJitter = { initialMs: 100, maxMs: 2_000, factor: 2, jitter: 0 };

describe('backoffDelay', () => {
  it('doubles from the initial pause up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, noJitter))).toEqual([100, 200, 400, 800, 1_600, 2_000]);
  });

  it('spreads each pause by at most the jitter fraction and never past the cap', () => {
    const policy = { ...noJitter, jitter: 0.2 };
    expect(backoffDelay(1, policy, () => 0)).toBe(80);
    expect(backoffDelay(1, policy, () => 1)).toBe(120);
    expect(backoffDelay(10, policy, () => 1)).toBe(2_000);
  });
});

describe('retry', () => {
  const pauses: number[] = [];
  const sleep = async (ms: number) => void pauses.push(ms);
  beforeEach(() => (pauses.length = 0));

  it('retries a failing call with growing pauses until it succeeds', async () => {
    let calls = 0;
    const result = await retry(
      async () => {
        if (++calls < 4) throw new Error('connection refused');
        return 'done';
      },
      { what: 'a write', ...noJitter, sleep },
    );
    expect(result).toBe('done');
    expect(pauses).toEqual([100, 200, 400]);
  });

  it('throws a permanent error at once without pausing', async () => {
    const permanent = new Error('invalid input');
    await expect(retry(async () => Promise.reject(permanent), { what: 'a write', isRetryable: () => false, sleep })).rejects.toBe(permanent);
    expect(pauses).toEqual([]);
  });

  it('gives up after maxAttempts tries with the last error', async () => {
    let calls = 0;
    await expect(retry(async () => Promise.reject(new Error(`try ${++calls}`)), { what: 'x', maxAttempts: 3, sleep })).rejects.toThrow('try 3');
    expect(calls).toBe(3);
  });

  it('stops when keepGoing turns false (shutdown) and calls onRetry during each pause', async () => {
    let running = true;
    const seen: number[] = [];
    await expect(
      retry(async () => Promise.reject(new Error('down')), {
        what: 'x',
        sleep,
        keepGoing: () => running,
        onRetry: (_err, attempt) => {
          seen.push(attempt);
          if (attempt === 2) running = false;
        },
      }),
    ).rejects.toThrow('down');
    expect(seen).toEqual([1, 2]);
  });
});
