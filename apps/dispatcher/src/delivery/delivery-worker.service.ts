import os from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS, type AttemptOutcome, type EndpointDisableRequest, type EndpointState } from '@fastgen/contracts';
import { buildSignatureHeaders } from '@fastgen/signing';
import { APP_ENV, KafkaProducer, deliveryTelemetry } from '@fastgen/platform';
import type { DispatcherEnv } from '../dispatcher.env';
import { EndpointsView } from '../endpoints/endpoints-view.service';
import { decideAfterAttempt } from './attempt-policy';
import { attemptIdOf, uuidV5 } from './delivery-id';
import { DeliveryStore, type Job, type NewJob, type OutboxRecord } from './delivery-store';
import { EndpointLanes, type Slot } from './endpoint-lanes';
import { HttpSender } from './http-sender';
import { RateLimiter } from './rate-limiter';
import { parseDuration, RetrySchedule } from './schedule';
import { URL_POLICY, type UrlPolicy } from './url-policy';

export const USER_AGENT = `Fastgen-Webhooks/${process.env['npm_package_version'] ?? '0.1.0'}`;
const REDACTED = new Set(['x-fastgen-signature', 'webhook-signature', 'authorization', 'proxy-authorization', 'cookie']);
// Headers the dispatcher owns; an endpoint's custom headers cannot replace them.
const RESERVED = new Set(['content-type', 'content-length', 'user-agent', 'host', 'x-fastgen-signature', 'webhook-id', 'webhook-timestamp', 'webhook-signature']);
const PURGE_AFTER_MS = 7 * 24 * 3_600_000;

// An endpoint whose typical response takes at most this long gets jobs leased ahead.
const FAST_RESPONSE_MS = 1_000;
const OUTBOX_BATCH = 500;
// Answers that mean "too much": the endpoint's concurrency limit halves (EndpointLanes).
const OVERLOAD_STATUSES = new Set([429, 502, 503, 504]);
const OUTBOX_LINGER_MS = 20;

/**
 * Runs due jobs of the durable schedule: leases them (FOR UPDATE SKIP LOCKED, a few per endpoint),
 * keeps a lane per endpoint with bounded concurrency so a slow endpoint only ever delays itself
 * (EndpointLanes), signs the exact bytes, POSTs, and records each attempt with its outcome in one
 * transaction.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly schedule: RetrySchedule;
  private readonly disableAfterMs: number;
  private readonly sender: HttpSender;
  private readonly limiter = new RateLimiter();
  private readonly lanes: EndpointLanes<Job>;
  // Endpoints that may have due jobs waiting in the schedule: their new jobs are not leased at
  // intake, so they cannot overtake older ones; a claim (oldest first) that leaves none clears it.
  private readonly backlogged = new Set<string>();
  private readonly healthy = new Set<string>();
  private readonly leaseMs: number;
  // Who holds the leases this process takes: stable across a restart in place (the same pod or
  // host and port), different for every process running at the same time.
  private readonly owner: string;
  // Settles once the leases of an earlier run of this instance are freed; nothing is leased before.
  private leasesReleased?: Promise<void>;
  private inFlight = 0;
  private stopped = false;
  private wakeUp?: () => void;
  private outboxWake?: () => void;
  private loops: Promise<void>[] = [];

  constructor(
    @Inject(APP_ENV) private readonly env: DispatcherEnv,
    @Inject(URL_POLICY) policy: UrlPolicy,
    private readonly store: DeliveryStore,
    private readonly endpoints: EndpointsView,
    private readonly producer: KafkaProducer,
  ) {
    this.schedule = new RetrySchedule(env.RETRY_SCHEDULE);
    this.disableAfterMs = parseDuration(env.ENDPOINT_DISABLE_AFTER);
    this.sender = new HttpSender({ connectTimeoutMs: env.CONNECT_TIMEOUT_MS, timeoutMs: env.DELIVERY_TIMEOUT_MS, policy });
    // Past the lease a crashed holder's jobs become due again for any replica. A queued job is
    // started only with time left for one attempt and its record (EndpointLanes).
    this.leaseMs = 2 * env.DELIVERY_TIMEOUT_MS + 30_000;
    // Port 0 (a random port) says nothing stable: the pid then keeps owners apart, without the restart benefit.
    this.owner = env.PORT === 0 ? `${os.hostname()}:pid-${process.pid}` : `${os.hostname()}:${env.PORT}`;
    this.lanes = new EndpointLanes<Job>(
      {
        concurrency: env.ENDPOINT_CONCURRENCY,
        maxConcurrency: Math.max(env.ENDPOINT_CONCURRENCY, env.ENDPOINT_CONCURRENCY_MAX),
        prefetchRounds: env.ENDPOINT_PREFETCH_ROUNDS,
        fastResponseMs: FAST_RESPONSE_MS,
        attemptBudgetMs: env.DELIVERY_TIMEOUT_MS + 10_000,
        // Jobs of a rate-limited endpoint would only be deferred again: lease them as they go.
        mayPrefetch: (id) => !this.endpoints.get(id)?.rate_limit,
      },
      { start: (job, slot) => this.start(job, slot), expired: (job) => this.putBack(job) },
    );
  }

  get maxAttempts(): number {
    return this.schedule.maxAttempts;
  }

  onApplicationBootstrap(): void {
    this.loops = [this.claimLoop(), this.outboxLoop()];
  }

  /** New jobs were stored: look now rather than at the next poll. */
  wake(): void {
    this.wakeUp?.();
  }

  /**
   * Stores new jobs, leasing at once the ones whose endpoint lanes have room here, and runs those
   * without a claim round trip (one UPDATE per delivery and the claim query saved). The others wait
   * in the schedule for a claim, by this process or another replica. An endpoint with jobs waiting
   * there gets none leased at intake until a claim has caught up, so the oldest go first.
   * Returns how many were stored.
   */
  async addJobs(jobs: NewJob[]): Promise<number> {
    await this.releaseEarlierLeases();
    const leased = new Set<string>();
    if (!this.stopped) {
      let free = this.env.DELIVERY_CONCURRENCY - this.inFlight - this.lanes.queued();
      const taken = new Map<string, number>();
      for (const job of jobs) {
        if (free <= 0) break;
        const n = taken.get(job.endpoint_id) ?? 0;
        // One round of the lane is left to claims, so retries falling due get in too.
        if (this.backlogged.has(job.endpoint_id) || this.lanes.room(job.endpoint_id) - this.lanes.limit(job.endpoint_id) - n <= 0) continue;
        taken.set(job.endpoint_id, n + 1);
        leased.add(job.id);
        free--;
      }
    }
    const leaseEndsAt = Date.now() + this.leaseMs;
    const stored = await this.store.insert(jobs, leased, this.leaseMs, this.owner);
    for (const job of jobs) if (stored.has(job.id) && !leased.has(job.id)) this.backlogged.add(job.endpoint_id);
    for (const job of jobs) {
      // A replayed message's rows already existed: they were not leased now and are not run here.
      if (!leased.has(job.id) || !stored.has(job.id)) continue;
      this.lanes.add(
        { ...job, environment: job.environment as Job['environment'], status: 'pending', attempts: 0, attempt_base: job.attempts_before ?? 0, created_at: new Date() },
        leaseEndsAt,
      );
    }
    if (stored.size > leased.size) this.wake();
    return stored.size;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake();
    this.outboxWake?.();
    // Jobs leased but not started go back to the schedule now instead of waiting for their lease.
    const queued = this.lanes.close();
    await Promise.all(queued.map((j) => this.store.defer(j.id, new Date()).catch(() => undefined)));
    const deadline = Date.now() + this.env.DELIVERY_TIMEOUT_MS + 1_000;
    while (this.inFlight > 0 && Date.now() < deadline) await sleep(50);
    await Promise.race([Promise.all(this.loops), sleep(2_000)]);
    await this.sender.close().catch(() => undefined);
  }

  private async claimLoop(): Promise<void> {
    await this.endpoints.whenLoaded().catch(() => undefined);
    await this.releaseEarlierLeases();
    let lastPurge = 0;
    while (!this.stopped) {
      let claimed = 0;
      try {
        const free = this.env.DELIVERY_CONCURRENCY - this.inFlight - this.lanes.queued();
        if (free > 0) {
          const { busy, caps } = this.lanes.claimLimits();
          const leaseEndsAt = Date.now() + this.leaseMs;
          const limit = Math.min(free, 500);
          const jobs = await this.store.claim({ limit, perEndpoint: this.env.ENDPOINT_CONCURRENCY, caps, busy, leaseMs: this.leaseMs, owner: this.owner });
          claimed = jobs.length;
          for (const job of jobs) this.lanes.add(job, leaseEndsAt);
          if (jobs.length < limit) this.clearCaughtUp(jobs, new Set(busy), caps);
        }
        if (Date.now() - lastPurge > 3_600_000) {
          lastPurge = Date.now();
          await this.store.purgeFinished(PURGE_AFTER_MS);
        }
      } catch (err) {
        this.logger.warn(`claiming due deliveries failed: ${(err as Error).message}`);
      }
      if (claimed === 0) await this.idle(this.env.POLL_INTERVAL_MS);
      else await new Promise((r) => setImmediate(r));
    }
  }

  private start(job: Job, slot: Slot): void {
    this.inFlight++;
    void this.run(job, slot)
      .catch((err) => this.logger.error(`delivery job ${job.id} failed unexpectedly (lease will expire and it will run again): ${(err as Error).stack}`))
      .finally(() => {
        slot.free();
        this.inFlight--;
        if (this.lanes.wantsMore(job.endpoint_id)) this.wake(); // capacity freed: claim more
      });
  }

  // After a claim that was not cut short by its overall limit: an endpoint that took part and got
  // fewer jobs than its cap has nothing due left in the schedule.
  private clearCaughtUp(jobs: Job[], busy: Set<string>, caps: Map<string, number>): void {
    const got = new Map<string, number>();
    for (const job of jobs) got.set(job.endpoint_id, (got.get(job.endpoint_id) ?? 0) + 1);
    for (const id of this.backlogged) {
      if (!busy.has(id) && (got.get(id) ?? 0) < (caps.get(id) ?? this.env.ENDPOINT_CONCURRENCY)) this.backlogged.delete(id);
    }
  }

  // After a crash, the deliveries this instance had leased are due again at once rather than when
  // their leases expire (a minute later). Runs once, before this process leases anything.
  private releaseEarlierLeases(): Promise<void> {
    this.leasesReleased ??= this.durably('freeing the leases of an earlier run', () => this.store.releaseLeasesOf(this.owner)).then(
      (n) => void (n > 0 && this.logger.warn(`freed ${n} deliveries leased by an earlier run of ${this.owner}`)),
      (err) => this.logger.warn(`could not free the leases of an earlier run (they expire on their own): ${(err as Error).message}`),
    );
    return this.leasesReleased;
  }

  /** A leased job that will not be started in time goes back to the schedule, due now. */
  private putBack(job: Job): void {
    this.backlogged.add(job.endpoint_id);
    void this.durably('putting a job back', () => this.store.defer(job.id, new Date())).catch(() => undefined);
  }

  private async run(job: Job, slot: Slot): Promise<void> {
    const endpoint = this.endpoints.get(job.endpoint_id);
    if (!endpoint) return this.durably('abandoning a job', () => this.store.abandon(job.id, 'endpoint deleted'));
    if (!endpoint.enabled && job.trigger === 'scheduled') {
      const reason = `endpoint disabled${endpoint.disabled_reason ? `: ${endpoint.disabled_reason}` : ''}`;
      return this.durably('abandoning a job', () => this.store.abandon(job.id, reason));
    }

    const wait = this.limiter.take(endpoint.id, endpoint.rate_limit);
    if (wait > 0) return this.durably('deferring a rate-limited job', () => this.store.defer(job.id, new Date(Date.now() + wait)));

    const startedAt = new Date();
    const headers = this.requestHeaders(endpoint, job, startedAt);
    const telemetry = deliveryTelemetry.attemptStarted(job, endpoint.url, job.attempt_base + job.attempts + 1); // observability
    const result = await this.sender.post(endpoint.url, headers, job.body);
    // The endpoint has answered: its slot goes to the next job while this attempt is recorded.
    slot.free({ ms: result.durationMs, overloaded: result.status === null || OVERLOAD_STATUSES.has(result.status) });
    const attemptsMade = job.attempts + 1;
    const decision = decideAfterAttempt({
      trigger: job.trigger,
      status: result.status,
      retryAfter: result.headers['retry-after'],
      attemptsMade,
      schedule: this.schedule,
    });

    const publish: OutboxRecord[] = [];
    let { status, nextAttemptAt } = decision;
    let disableReason = decision.disableReason;
    if (status === 'succeeded') {
      if (!this.healthy.has(endpoint.id)) {
        await this.durably('recording endpoint health', () => this.store.endpointSucceeded(endpoint.id));
        this.healthy.add(endpoint.id);
      }
    } else {
      this.healthy.delete(endpoint.id);
      const health = await this.durably('recording endpoint health', () => this.store.endpointFailed(endpoint.id, this.disableAfterMs));
      if (health.disableNow && !disableReason) {
        disableReason = `failing without a success since ${health.failingSince.toISOString()} (${this.env.ENDPOINT_DISABLE_AFTER})`;
      }
    }
    if (disableReason) {
      deliveryTelemetry.endpointDisabled(decision.disableReason ? 'gone' : 'failing'); // observability
      this.endpoints.disableLocally(endpoint.id);
      if (job.trigger === 'scheduled') {
        status = 'failed';
        nextAttemptAt = null;
      }
      const request: EndpointDisableRequest = {
        endpoint_id: endpoint.id,
        project_id: endpoint.project_id,
        environment: endpoint.environment,
        reason: disableReason,
        requested_at: new Date().toISOString(),
      };
      publish.push({ id: uuidV5(`disable:${job.id}:${attemptsMade}`), topic: 'endpointDisableRequests', key: endpoint.id, value: request });
      this.logger.warn(`asking config to disable endpoint ${endpoint.id}: ${disableReason}`);
    }

    const attemptNumber = job.attempt_base + attemptsMade;
    const outcome: AttemptOutcome = {
      id: attemptIdOf(job.id, attemptsMade),
      delivery_id: job.delivery_id,
      message_id: job.message_id,
      endpoint_id: job.endpoint_id,
      project_id: job.project_id,
      environment: job.environment,
      event: job.event,
      attempt_number: attemptNumber,
      trigger: job.trigger,
      started_at: startedAt.toISOString(),
      duration_ms: result.durationMs,
      url: endpoint.url,
      request_headers: redact(headers),
      response_status: result.status,
      response_headers: result.headers,
      response_body: result.body,
      error: result.error,
      succeeded: status === 'succeeded',
      delivery_status: status,
      next_attempt_at: nextAttemptAt?.toISOString() ?? null,
    };
    telemetry.finished(result, status, outcome.id); // observability
    publish.unshift({ id: outcome.id, topic: 'attempts', key: job.message_id, value: outcome });
    await this.durably('recording an attempt', () => this.store.recordAttempt(job.id, job.attempts, status, nextAttemptAt, result.status, result.error, publish));
    this.outboxWake?.();
    if (status === 'retrying') this.wake();
  }

  // The attempt was made: a write about it must survive a dropped database connection (restart,
  // failover). It is retried here, well inside the lease, rather than left to the lease expiry,
  // which would come a minute later and send the request again.
  private async durably<T>(what: string, write: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + Math.min(this.leaseMs / 2, 30_000);
    for (let delay = 100; ; delay = Math.min(delay * 2, 2_000)) {
      try {
        return await write();
      } catch (err) {
        if (this.stopped || Date.now() + delay > deadline) throw err;
        this.logger.warn(`${what} failed, retrying in ${delay} ms: ${(err as Error).message}`);
        await sleep(delay);
      }
    }
  }

  private requestHeaders(endpoint: EndpointState, job: Job, at: Date): Record<string, string> {
    const custom: Record<string, string> = {};
    for (const [name, value] of Object.entries(endpoint.headers)) if (!RESERVED.has(name.toLowerCase())) custom[name.toLowerCase()] = value;
    const signatures = buildSignatureHeaders({
      secrets: this.endpoints.activeSecrets(endpoint, at.getTime()),
      id: job.message_id,
      timestamp: Math.floor(at.getTime() / 1000),
      body: job.body,
    });
    return { ...custom, 'content-type': 'application/json', 'user-agent': USER_AGENT, ...signatures };
  }

  // Publishes attempt outcomes and disable requests written by recordAttempt, oldest first.
  private async outboxLoop(): Promise<void> {
    while (!this.stopped) {
      let sent = 0;
      try {
        sent = await this.store.drainOutbox(OUTBOX_BATCH, async (records) => {
          const attempts = records.filter((r) => r.topic === 'attempts');
          const disables = records.filter((r) => r.topic === 'endpointDisableRequests');
          // observability: each outcome carries the trace context of its attempt (headers)
          if (attempts.length) await this.producer.send(TOPICS.dispatcher.attempts, attempts.map((r) => ({ key: r.key, value: r.value, headers: deliveryTelemetry.outcomeHeaders(r.id) })));
          if (disables.length) await this.producer.send(TOPICS.dispatcher.endpointDisableRequests, disables.map((r) => ({ key: r.key, value: r.value })));
        });
      } catch (err) {
        this.logger.warn(`publishing attempt outcomes failed, will retry: ${(err as Error).message}`);
        await sleep(1_000);
      }
      // A partial batch: let outcomes gather for a moment so that the next drain (three statements
      // and a produce request) carries many, not one per attempt. The log is not on the delivery path.
      if (sent > 0 && sent < OUTBOX_BATCH) await sleep(OUTBOX_LINGER_MS);
      if (sent === 0) {
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 1_000);
          this.outboxWake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      this.wakeUp = () => {
        clearTimeout(t);
        this.wakeUp = undefined;
        resolve();
      };
    });
  }
}

function redact(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = REDACTED.has(k) ? '[redacted]' : v;
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
