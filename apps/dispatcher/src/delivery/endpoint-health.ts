import { Logger } from '@nestjs/common';
import type { EndpointDisableRequest, EndpointState } from '@fastgen/contracts';
import { uuidV5 } from './delivery-id';
import type { OutboxRecord } from './delivery-store';

// A failing endpoint's health is written at most this often (until it may be disabled).
const FAILURE_WRITE_INTERVAL_MS = 1_000;
const MAX_REMEMBERED_FAILING = 10_000;

export interface HealthStore {
  endpointSucceeded(endpointId: string): Promise<void>;
  endpointFailed(endpointId: string, disableAfterMs: number): Promise<{ failingSince: Date; disableNow: boolean }>;
}

export interface HealthVerdict {
  /** Why the endpoint is to be disabled now (410 Gone, or failing too long); null when it stays. */
  disableReason: string | null;
  /** The disable request to publish with the attempt (through the outbox). */
  publish: OutboxRecord[];
}

/**
 * Tracks whether each endpoint is failing (durably, shared by every replica) and decides when
 * one is disabled: at 410 Gone, or after failing without a success for `disableAfter`. Writes
 * health only when it changes (a healthy endpoint's success costs no statement), and a failing
 * endpoint's at most once a second until its time to be disabled may have come: a dead endpoint
 * failing hundreds of times a second had cost a statement each, in the database every tenant shares.
 */
export class EndpointHealth {
  private readonly logger = new Logger(EndpointHealth.name);
  private readonly healthy = new Set<string>();
  // Endpoints known to be failing: since when (as the database said), and when it last said so.
  private readonly failing = new Map<string, { since: number; checkedAt: number }>();

  constructor(
    private readonly store: HealthStore,
    private readonly disableAfterMs: number,
    private readonly disableAfterText: string,
    private readonly durably: <T>(what: string, write: () => Promise<T>) => Promise<T>,
    private readonly disableLocally: (endpointId: string) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records the outcome of an attempt; `gone` is the attempt policy's own reason (410). */
  async afterAttempt(endpoint: EndpointState, succeeded: boolean, gone: string | null, requestId: string): Promise<HealthVerdict> {
    let reason = gone;
    if (succeeded) {
      this.failing.delete(endpoint.id);
      if (!this.healthy.has(endpoint.id)) {
        await this.durably('recording endpoint health', () => this.store.endpointSucceeded(endpoint.id));
        this.healthy.add(endpoint.id);
      }
    } else {
      this.healthy.delete(endpoint.id);
      const now = this.now();
      const known = this.failing.get(endpoint.id);
      // Said less than a second ago, and not failing long enough to be disabled: nothing new to write.
      const fresh = known && now - known.checkedAt < FAILURE_WRITE_INTERVAL_MS && now - known.since < this.disableAfterMs;
      if (!fresh) {
        const health = await this.durably('recording endpoint health', () => this.store.endpointFailed(endpoint.id, this.disableAfterMs));
        this.remember(endpoint.id, health.failingSince.getTime(), now);
        if (health.disableNow && !reason) reason = `failing without a success since ${health.failingSince.toISOString()} (${this.disableAfterText})`;
      }
    }
    if (!reason) return { disableReason: null, publish: [] };
    this.disableLocally(endpoint.id);
    const request: EndpointDisableRequest = {
      endpoint_id: endpoint.id,
      project_id: endpoint.project_id,
      environment: endpoint.environment,
      reason,
      requested_at: new Date().toISOString(),
    };
    this.logger.warn(`asking config to disable endpoint ${endpoint.id}: ${reason}`);
    return { disableReason: reason, publish: [{ id: uuidV5(`disable:${requestId}`), topic: 'endpointDisableRequests', key: endpoint.id, value: request }] };
  }

  private remember(endpointId: string, since: number, checkedAt: number): void {
    this.failing.delete(endpointId); // re-inserted last: the oldest entry is forgotten first
    this.failing.set(endpointId, { since, checkedAt });
    if (this.failing.size > MAX_REMEMBERED_FAILING) this.failing.delete(this.failing.keys().next().value!);
  }
}
