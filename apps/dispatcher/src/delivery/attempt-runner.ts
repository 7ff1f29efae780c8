import type { AttemptOutcome, DeliveryStatus, EndpointState } from '@fastgen/contracts';
import { deliveryTelemetry } from '@fastgen/platform';
import { decideAfterAttempt } from './attempt-policy';
import { attemptIdOf } from './delivery-id';
import type { DeliveryStore, Job, OutboxRecord } from './delivery-store';
import type { EndpointHealth } from './endpoint-health';
import type { SendResult } from './http-sender';
import type { RateLimiter } from './rate-limiter';
import { redactedHeaders, requestHeaders } from './request-headers';
import type { RetrySchedule } from './schedule';

// Answers that mean "too much": the endpoint's concurrency limit halves (EndpointLanes).
const OVERLOAD_STATUSES = new Set([429, 502, 503, 504]);

export type AttemptStore = Pick<DeliveryStore, 'abandon' | 'defer' | 'recordAttempt'>;

export interface AttemptRunnerDeps {
  endpoints: { get(id: string): EndpointState | undefined; activeSecrets(endpoint: EndpointState, now?: number): string[] };
  store: AttemptStore;
  sender: { post(url: string, headers: Record<string, string>, body: string): Promise<SendResult> };
  limiter: Pick<RateLimiter, 'take'>;
  schedule: RetrySchedule;
  health: Pick<EndpointHealth, 'afterAttempt'>;
  durably: <T>(what: string, write: () => Promise<T>) => Promise<T>;
  /** Called once an attempt and its outbox records are committed. */
  recorded: (status: DeliveryStatus) => void;
}

/**
 * Runs one attempt of a leased job: skips a job whose endpoint is gone or disabled, defers one
 * over its endpoint's rate limit, otherwise signs the exact body, POSTs it, decides what follows
 * (attempt-policy), and records the attempt with its outcome record (and any disable request) in
 * one transaction. `answered` frees the endpoint's slot as soon as the endpoint has answered.
 */
export class AttemptRunner {
  constructor(private readonly deps: AttemptRunnerDeps) {}

  async run(job: Job, answered: (response: { ms: number; overloaded: boolean }) => void): Promise<void> {
    const { endpoints, store, durably } = this.deps;
    const endpoint = endpoints.get(job.endpoint_id);
    if (!endpoint) return durably('abandoning a job', () => store.abandon(job.id, 'endpoint deleted'));
    if (!endpoint.enabled && job.trigger === 'scheduled') {
      const reason = `endpoint disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}`;
      return durably('abandoning a job', () => store.abandon(job.id, reason));
    }
    const wait = this.deps.limiter.take(endpoint.id, endpoint.rate_limit);
    if (wait > 0) return durably('deferring a rate-limited job', () => store.defer(job.id, new Date(Date.now() + wait)));

    const startedAt = new Date();
    const headers = requestHeaders(endpoint, { secrets: endpoints.activeSecrets(endpoint, startedAt.getTime()), messageId: job.message_id, body: job.body, at: startedAt });
    const telemetry = deliveryTelemetry.attemptStarted(job, endpoint.url, job.attempt_base + job.attempts + 1); // observability
    const result = await this.deps.sender.post(endpoint.url, headers, job.body);
    answered({ ms: result.durationMs, overloaded: result.status === null || OVERLOAD_STATUSES.has(result.status) });

    const attemptsMade = job.attempts + 1;
    const decision = decideAfterAttempt({ trigger: job.trigger, status: result.status, retryAfter: result.headers['retry-after'], attemptsMade, schedule: this.deps.schedule });
    let { status, nextAttemptAt } = decision;
    const verdict = await this.deps.health.afterAttempt(endpoint, status === 'succeeded', decision.disableReason, `${job.id}:${attemptsMade}`);
    if (verdict.disableReason) deliveryTelemetry.endpointDisabled(decision.disableReason ? 'gone' : 'failing'); // observability
    if (verdict.disableReason && job.trigger === 'scheduled') {
      status = 'failed';
      nextAttemptAt = null;
    }
    const outcome: AttemptOutcome = {
      id: attemptIdOf(job.id, attemptsMade),
      delivery_id: job.delivery_id,
      message_id: job.message_id,
      endpoint_id: job.endpoint_id,
      project_id: job.project_id,
      environment: job.environment,
      event: job.event,
      attempt_number: job.attempt_base + attemptsMade,
      trigger: job.trigger,
      started_at: startedAt.toISOString(),
      duration_ms: result.durationMs,
      url: endpoint.url,
      request_headers: redactedHeaders(headers),
      response_status: result.status,
      response_headers: result.headers,
      response_body: result.body,
      error: result.error,
      succeeded: status === 'succeeded',
      delivery_status: status,
      next_attempt_at: nextAttemptAt?.toISOString() ?? null,
    };
    telemetry.finished(result, status, outcome.id); // observability
    const publish: OutboxRecord[] = [{ id: outcome.id, topic: 'attempts', key: job.message_id, value: outcome }, ...verdict.publish];
    await durably('recording an attempt', () => store.recordAttempt(job.id, job.attempts, status, nextAttemptAt, result.status, result.error, publish));
    this.deps.recorded(status);
  }
}
