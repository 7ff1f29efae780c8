// The one way to retry in this repo (Svix's run_with_retries is the model): every loop that
// waits for a broker, a database or a peer to come back goes through `retry`, with one backoff
// formula. Callers choose only the bounds.

export interface RetryPolicy {
  /** Pause after the first failure. */
  initialMs: number;
  /** Longest pause between two tries. */
  maxMs: number;
  /** Each pause is this many times the previous one (before jitter). */
  factor: number;
  /** ± this fraction of random spread, so that many processes retrying at once do not stampede. */
  jitter: number;
  /** Give up (rethrow) after this many tries in all; Infinity never gives up. */
  maxAttempts: number;
  /** Give up once this much time has passed since the first try; Infinity never gives up. */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { initialMs: 100, maxMs: 5_000, factor: 2, jitter: 0.2, maxAttempts: Infinity, deadlineMs: Infinity };

export interface RetryOptions extends Partial<RetryPolicy> {
  /** Shown in the warning of each failed try: "<what> failed (attempt n), retrying in d ms: ..." */
  what: string;
  /** An error this returns false for is thrown at once (a permanent error is not retried). */
  isRetryable?: (err: unknown) => boolean;
  /** Checked before each pause: false stops retrying and rethrows the last error (shutdown). */
  keepGoing?: () => boolean;
  /** Called during each pause (e.g. a consumer's heartbeat, a readiness flag). */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void | Promise<void>;
  logger?: { warn(message: string): void };
  /** Tests replace the clock's sleep and the randomness. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The pause after the `attempt`-th failed try (1-based): initialMs × factor^(attempt-1), capped, ± jitter. */
export function backoffDelay(attempt: number, policy: Pick<RetryPolicy, 'initialMs' | 'maxMs' | 'factor' | 'jitter'>, random = Math.random): number {
  const base = Math.min(policy.maxMs, policy.initialMs * policy.factor ** Math.max(0, attempt - 1));
  const spread = base * policy.jitter * (2 * random() - 1);
  return Math.max(0, Math.round(Math.min(policy.maxMs, base + spread)));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `fn` until it resolves, pausing with backoff after each retryable failure. */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options) };
  const pause = options.sleep ?? sleep;
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const delay = backoffDelay(attempt, policy, options.random);
      const outOfTime = Date.now() - started + delay > policy.deadlineMs;
      if (options.isRetryable?.(err) === false || attempt >= policy.maxAttempts || outOfTime || options.keepGoing?.() === false) throw err;
      options.logger?.warn(`${options.what} failed (attempt ${attempt}), retrying in ${delay} ms: ${messageOf(err)}`);
      await options.onRetry?.(err, attempt, delay);
      await pause(delay);
      if (options.keepGoing?.() === false) throw err;
    }
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function definedOnly(options: Partial<RetryPolicy>): Partial<RetryPolicy> {
  const out: Partial<RetryPolicy> = {};
  for (const key of ['initialMs', 'maxMs', 'factor', 'jitter', 'maxAttempts', 'deadlineMs'] as const) {
    if (options[key] !== undefined) out[key] = options[key];
  }
  return out;
}
