import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPICS, type Environment, type ProjectBacklog, type ProjectState } from '@fastgen/contracts';
import { APP_ENV, CompactedView, KAFKA, KAFKA_CLIENT_ID, Readiness, ServiceError, ServiceErrorCode, sleep } from '@fastgen/platform';
import type { GatewayEnv } from '../gateway.env';
import { TokenBucket } from './token-bucket';

const READINESS = 'project-limits-view';
// A backlog drains at the endpoints' pace, not in milliseconds: come back in a few seconds.
const BACKLOG_RETRY_AFTER_SECONDS = 5;

export interface EffectiveLimits {
  eventsPerSecond: number;
  burst: number;
  maxBacklog: number;
}

/**
 * Admission control of POST /v1/events and workflow calls: each project environment may publish at
 * its sustained rate (with a burst) and only while its backlog of waiting deliveries is under its
 * quota. Over either, the caller gets 429 with Retry-After, so a flood is pushed back to its sender
 * instead of queued in front of every other tenant. Limits come from config.projects.v1, backlogs
 * from dispatcher.project-backlogs.v1 — both local views, so admission never waits on another
 * service. The rate is counted by each gateway replica on its own (no shared counter on the hot
 * path): with N replicas behind a balancer a project can reach up to N times its rate.
 */
@Injectable()
export class Admission implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(Admission.name);
  private readonly projects: CompactedView<ProjectState>;
  private readonly backlogs: CompactedView<ProjectBacklog>;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(KAFKA_CLIENT_ID) clientId: string,
    @Inject(APP_ENV) private readonly env: GatewayEnv,
    private readonly readiness: Readiness,
  ) {
    this.projects = new CompactedView<ProjectState>(kafka, TOPICS.config.projects, { clientId, version: (p) => Date.parse(p.updated_at) });
    this.backlogs = new CompactedView<ProjectBacklog>(kafka, TOPICS.dispatcher.projectBacklogs, { clientId, version: (b) => Date.parse(b.measured_at) });
    readiness.waitFor(READINESS, 'loading project limits from config.projects.v1');
  }

  onApplicationBootstrap(): void {
    // Custom limits must apply from the first request, so readiness waits for the projects; the
    // backlogs are a moving measure and start empty.
    this.projects.start().then(
      () => this.readiness.done(READINESS),
      (err) => this.logger.error(`project limits view failed: ${(err as Error).message}`),
    );
    void this.backlogs.start().catch((err) => this.logger.error(`project backlogs view failed: ${(err as Error).message}`));
  }

  limitsOf(projectId: string): EffectiveLimits {
    const custom = this.projects.get(projectId)?.limits;
    const eventsPerSecond = custom?.events_per_second ?? this.env.DEFAULT_PROJECT_EVENTS_PER_SECOND;
    // Without an explicit burst, two seconds' worth: absorbs a client's batch without letting a
    // flood through.
    const burst = custom?.burst ?? 2 * eventsPerSecond;
    return { eventsPerSecond, burst, maxBacklog: custom?.max_backlog ?? this.env.DEFAULT_PROJECT_MAX_BACKLOG };
  }

  /**
   * Throws 429 (with Retry-After) when the caller's project environment is over a limit, after
   * ADMISSION_REFUSAL_DELAY_MS (at most the Retry-After). The pause is what bounds a flood that
   * ignores Retry-After: a client retrying at once on N connections gets at most N refusals per
   * pause instead of as many as the gateway can answer. Answered at once, 32 such connections took
   * 1,100-2,000 refusals a second, a whole core of the gateway, from every other tenant.
   */
  async admit(caller: { project_id: string; environment: Environment }, now = Date.now()): Promise<void> {
    const refusal = this.refusalFor(caller, now);
    if (!refusal) return;
    const pauseMs = Math.min(this.env.ADMISSION_REFUSAL_DELAY_MS, (refusal.retryAfterSeconds ?? 1) * 1000);
    if (pauseMs > 0) await sleep(pauseMs);
    throw refusal;
  }

  /** The 429 for a caller over a limit (its request is counted against the rate), or none. */
  private refusalFor(caller: { project_id: string; environment: Environment }, now = Date.now()): ServiceError | undefined {
    const limits = this.limitsOf(caller.project_id);
    const key = `${caller.project_id}/${caller.environment}`;
    const pending = this.backlogs.get(key)?.pending ?? 0;
    if (pending >= limits.maxBacklog) {
      return new ServiceError(
        ServiceErrorCode.RATE_LIMITED,
        `too many deliveries waiting for this project's ${caller.environment} environment (${pending}, quota ${limits.maxBacklog}); retry after ${BACKLOG_RETRY_AFTER_SECONDS} s`,
        undefined,
        BACKLOG_RETRY_AFTER_SECONDS,
      );
    }
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(limits.eventsPerSecond, limits.burst, now)));
    else bucket.resize(limits.eventsPerSecond, limits.burst);
    const waitMs = bucket.take(now);
    if (waitMs > 0) {
      const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
      return new ServiceError(
        ServiceErrorCode.RATE_LIMITED,
        `over this project's rate of ${limits.eventsPerSecond} events/s (burst ${limits.burst}) in ${caller.environment}; retry after ${retryAfter} s`,
        undefined,
        retryAfter,
      );
    }
    return undefined;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.projects.stop(), this.backlogs.stop()]);
  }
}
