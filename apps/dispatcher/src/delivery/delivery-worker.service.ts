import os from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { TOPICS } from '@fastgen/contracts';
import { APP_ENV, KafkaProducer, OutboxRelay, WakeUp, deliveryTelemetry, retry, sleep } from '@fastgen/platform';
import type { DispatcherEnv } from '../dispatcher.env';
import { EndpointsView } from '../endpoints/endpoints-view.service';
import { AttemptRunner } from './attempt-runner';
import { caughtUpEndpoints } from './caught-up';
import { DeliveryStore, type Job, type NewJob, type OutboxRecord } from './delivery-store';
import { EndpointHealth } from './endpoint-health';
import { GroupedWrites } from './grouped-writes';
import { EndpointLanes, type Slot } from './endpoint-lanes';
import { ProjectShares } from './project-shares';
import { HttpSender } from './http-sender';
import { RateLimiter } from './rate-limiter';
import { parseDuration, RetrySchedule } from './schedule';
import { URL_POLICY, type UrlPolicy } from './url-policy';

const PURGE_AFTER_MS = 7 * 24 * 3_600_000;

// Jobs per statement when jobs waiting in the schedule are inserted together.
const SCHEDULE_INSERT_MAX_JOBS = 5_000;

// An endpoint whose typical response takes at most this long gets jobs leased ahead.
const FAST_RESPONSE_MS = 1_000;

/**
 * Leases and claims due jobs of the durable schedule (FOR UPDATE SKIP LOCKED, a few per endpoint,
 * or at once at intake) and hands them to a lane per endpoint with bounded concurrency, so a slow
 * endpoint only ever delays itself (EndpointLanes). Each job then runs as one attempt
 * (AttemptRunner: headers and signatures, the request, the decision, endpoint health); attempt
 * outcomes reach Kafka through the outbox (OutboxRelay).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  private readonly schedule: RetrySchedule;
  private readonly sender: HttpSender;
  private readonly runner: AttemptRunner;
  private readonly outbox: OutboxRelay<OutboxRecord>;
  private readonly lanes: EndpointLanes<Job>;
  // The process's slots shared between projects: a flood never takes the last of them.
  private readonly shares: ProjectShares;
  // Endpoints that may have due jobs waiting in the schedule: their new jobs are not leased at
  // intake, so they cannot overtake older ones; a claim (oldest first) that leaves none clears it.
  private readonly backlogged = new Set<string>();
  private readonly leaseMs: number;
  // Who holds the leases this process takes: stable across a restart in place (the same pod or
  // host and port), different for every process running at the same time.
  private readonly owner: string;
  // Settles once the leases of an earlier run of this instance are freed; nothing is leased before.
  private leasesReleased?: Promise<void>;
  private inFlight = 0;
  // Jobs leased at intake whose rows are being inserted, in all and per endpoint.
  private leasing = 0;
  private readonly leasingFor = new Map<string, number>();
  // Jobs that only wait in the schedule are inserted together, one statement at a time, leaving
  // the database connections to the inserts of jobs that run now, to claims and to attempt records
  // (the pool serves in order: a flood's many small inserts had a small project's job wait).
  private readonly scheduleInserts: GroupedWrites<NewJob, Set<string>>;
  private stopped = false;
  private readonly wakeUp = new WakeUp();
  private loops: Promise<void>[] = [];

  constructor(
    @Inject(APP_ENV) private readonly env: DispatcherEnv,
    @Inject(URL_POLICY) policy: UrlPolicy,
    private readonly store: DeliveryStore,
    private readonly endpoints: EndpointsView,
    producer: KafkaProducer,
  ) {
    this.schedule = new RetrySchedule(env.RETRY_SCHEDULE);
    this.sender = new HttpSender({ connectTimeoutMs: env.CONNECT_TIMEOUT_MS, timeoutMs: env.DELIVERY_TIMEOUT_MS, policy });
    this.outbox = new OutboxRelay<OutboxRecord>(producer, {
      name: 'dispatcher',
      topics: { attempts: TOPICS.dispatcher.attempts, endpointDisableRequests: TOPICS.dispatcher.endpointDisableRequests },
      drain: (limit, publish) => store.drainOutbox(limit, publish),
      // observability: each outcome carries the trace context of its attempt
      headers: (r) => (r.topic === 'attempts' ? deliveryTelemetry.outcomeHeaders(r.id) : undefined),
    });
    const durably = <T>(what: string, write: () => Promise<T>) => this.durably(what, write);
    this.runner = new AttemptRunner({
      endpoints,
      store,
      sender: this.sender,
      limiter: new RateLimiter(),
      schedule: this.schedule,
      health: new EndpointHealth(store, parseDuration(env.ENDPOINT_DISABLE_AFTER), env.ENDPOINT_DISABLE_AFTER, durably, (id) => endpoints.disableLocally(id)),
      durably,
      recorded: (status) => {
        this.outbox.wake();
        if (status === 'retrying') this.wake();
      },
    });
    // Past the lease a crashed holder's jobs become due again for any replica. A queued job is
    // started only with time left for one attempt and its record (EndpointLanes).
    this.leaseMs = 2 * env.DELIVERY_TIMEOUT_MS + 30_000;
    // Port 0 (a random port) says nothing stable: the pid then keeps owners apart, without the restart benefit.
    this.owner = env.PORT === 0 ? `${os.hostname()}:pid-${process.pid}` : `${os.hostname()}:${env.PORT}`;
    this.scheduleInserts = new GroupedWrites((jobs) => store.insert(jobs), SCHEDULE_INSERT_MAX_JOBS);
    this.shares = new ProjectShares(env.DELIVERY_CONCURRENCY, Math.min(env.FAIR_SHARE_RESERVE, env.DELIVERY_CONCURRENCY));
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
    this.loops = [this.claimLoop()];
    this.outbox.start();
  }

  /** New jobs were stored: look now rather than at the next poll. */
  wake(): void {
    this.wakeUp.now();
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
    // Decided now and counted at once (slots, the project's share, the lane's room), before the
    // insert: intake batches of several partitions are stored at the same time, and each must see
    // the leases the others are about to take, or together they lease past the reserve.
    const leased = new Set<string>();
    if (!this.stopped) {
      let free = this.freeSlots();
      for (const job of jobs) {
        if (free <= 0) break;
        // Over its share with only the reserve left, a project's new jobs wait in the schedule,
        // where claims take them in turn with every other project's.
        if (!this.shares.mayTake(job.project_id, free)) continue;
        // Older jobs of the endpoint wait in the schedule: a new one must not overtake them.
        if (this.backlogged.has(job.endpoint_id)) continue;
        const leasing = this.leasingFor.get(job.endpoint_id) ?? 0;
        if (this.lanes.intakeRoom(job.endpoint_id) - leasing <= 0) continue;
        this.leasingFor.set(job.endpoint_id, leasing + 1);
        this.leasing++;
        this.shares.take(job.project_id);
        leased.add(job.id);
        free--;
      }
    }
    // The jobs that run now are stored in a statement of their own, at once; those that wait in the
    // schedule go with other batches' in a grouped insert: a small project's message never waits
    // for the insert of a flood's backlog, nor for a database connection its inserts hold.
    const runNow = jobs.filter((j) => leased.has(j.id));
    const waitLater = jobs.filter((j) => !leased.has(j.id));
    const leaseEndsAt = Date.now() + this.leaseMs;
    const none = Promise.resolve(new Set<string>());
    const storingNow = runNow.length > 0 ? this.store.insert(runNow, leased, this.leaseMs, this.owner) : none;
    const storingLater = waitLater.length > 0 ? this.scheduleInserts.add(waitLater) : none;
    storingLater.catch(() => undefined); // awaited below, once the jobs stored now are running
    let storedNow: Set<string>;
    try {
      storedNow = await storingNow;
    } catch (err) {
      for (const job of jobs) if (leased.has(job.id)) this.shares.release(job.project_id);
      throw err;
    } finally {
      for (const job of jobs) {
        if (!leased.has(job.id)) continue;
        this.leasing--;
        const n = this.leasingFor.get(job.endpoint_id)! - 1;
        if (n > 0) this.leasingFor.set(job.endpoint_id, n);
        else this.leasingFor.delete(job.endpoint_id);
      }
    }
    for (const job of jobs) {
      if (!leased.has(job.id)) continue;
      // A replayed message's rows already existed: they were not leased now and are not run here.
      if (!storedNow.has(job.id)) {
        this.shares.release(job.project_id);
        continue;
      }
      this.lanes.add(
        { ...job, environment: job.environment as Job['environment'], status: 'pending', attempts: 0, attempt_base: job.attempts_before ?? 0, created_at: new Date() },
        leaseEndsAt,
      );
    }
    // The grouped insert answers with every job it stored, this call's and other batches'.
    const storedLater = await storingLater;
    let stored = 0;
    let waiting = 0;
    for (const job of jobs) {
      if (leased.has(job.id)) {
        if (storedNow.has(job.id)) stored++;
      } else if (storedLater.has(job.id)) {
        stored++;
        waiting++;
        this.backlogged.add(job.endpoint_id);
      }
    }
    if (waiting > 0) this.wake();
    return stored;
  }

  // Slots neither in flight, nor queued in a lane, nor being leased at intake.
  private freeSlots(): number {
    return this.env.DELIVERY_CONCURRENCY - this.inFlight - this.lanes.queued() - this.leasing;
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.wake();
    // Jobs leased but not started go back to the schedule now instead of waiting for their lease.
    const queued = this.lanes.close();
    for (const job of queued) this.shares.release(job.project_id);
    await Promise.all(queued.map((j) => this.store.defer(j.id, new Date()).catch(() => undefined)));
    const deadline = Date.now() + this.env.DELIVERY_TIMEOUT_MS + 1_000;
    while (this.inFlight > 0 && Date.now() < deadline) await sleep(50);
    await Promise.race([Promise.all([...this.loops, this.outbox.stop()]), sleep(2_000)]);
    await this.sender.close().catch(() => undefined);
  }

  private async claimLoop(): Promise<void> {
    await this.endpoints.whenLoaded().catch(() => undefined);
    await this.releaseEarlierLeases();
    let lastPurge = 0;
    while (!this.stopped) {
      let claimed = 0;
      try {
        const free = this.freeSlots();
        if (free > 0) {
          const { busy, caps } = this.lanes.claimLimits();
          const leaseEndsAt = Date.now() + this.leaseMs;
          // Above the reserve any project's due jobs, in turn; within it only those of projects
          // under their share (the claim orders jobs round-robin across projects either way).
          const open = free - this.shares.reserveSize;
          const limit = Math.min(open > 0 ? open : free, 500);
          const busyProjects = open > 0 ? [] : this.shares.overShare(free);
          const jobs = await this.store.claim({ limit, perEndpoint: this.env.ENDPOINT_CONCURRENCY, caps, busy, busyProjects, leaseMs: this.leaseMs, owner: this.owner });
          claimed = jobs.length;
          for (const job of jobs) {
            this.shares.take(job.project_id);
            this.lanes.add(job, leaseEndsAt);
          }
          const caughtUp = caughtUpEndpoints(this.backlogged, (id) => this.endpoints.get(id)?.project_id, {
            jobs,
            limit,
            busy: new Set(busy),
            busyProjects: new Set(busyProjects),
            caps,
            defaultCap: this.env.ENDPOINT_CONCURRENCY,
          });
          for (const id of caughtUp) this.backlogged.delete(id);
        }
        if (Date.now() - lastPurge > 3_600_000) {
          lastPurge = Date.now();
          await this.store.purgeFinished(PURGE_AFTER_MS);
        }
      } catch (err) {
        this.logger.warn(`claiming due deliveries failed: ${(err as Error).message}`);
      }
      if (claimed === 0) await this.wakeUp.pause(this.env.POLL_INTERVAL_MS);
      else await new Promise((r) => setImmediate(r));
    }
  }

  private start(job: Job, slot: Slot): void {
    this.inFlight++;
    void this.runner
      .run(job, (response) => slot.free(response))
      .catch((err) => this.logger.error(`delivery job ${job.id} failed unexpectedly (lease will expire and it will run again): ${(err as Error).stack}`))
      .finally(() => {
        slot.free();
        this.inFlight--;
        this.shares.release(job.project_id);
        // Capacity freed: claim more, if the schedule holds new jobs of this endpoint (retries
        // falling due are found by the poll). A claim after every attempt found nothing while
        // intake keeps up: 35 empty claim queries a second at 500 events/s.
        if (this.backlogged.has(job.endpoint_id) && this.lanes.wantsMore(job.endpoint_id)) this.wake();
      });
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
    this.shares.release(job.project_id);
    this.backlogged.add(job.endpoint_id);
    void this.durably('putting a job back', () => this.store.defer(job.id, new Date())).catch(() => undefined);
  }

  // The attempt was made: a write about it must survive a dropped database connection (restart,
  // failover). It is retried here, well inside the lease, rather than left to the lease expiry,
  // which would come a minute later and send the request again.
  private durably<T>(what: string, write: () => Promise<T>): Promise<T> {
    return retry(write, {
      what,
      initialMs: 100,
      maxMs: 2_000,
      deadlineMs: Math.min(this.leaseMs / 2, 30_000),
      keepGoing: () => !this.stopped,
      logger: this.logger,
    });
  }
}
