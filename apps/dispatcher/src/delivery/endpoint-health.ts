import { Logger } from '@nestjs/common';
import type { EndpointDisableRequest, EndpointState } from '@fastgen/contracts';
import { uuidV5 } from './delivery-id';
import type { OutboxRecord } from './delivery-store';

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
 * health only when it changes (a healthy endpoint's success costs no statement).
 */
export class EndpointHealth {
  private readonly logger = new Logger(EndpointHealth.name);
  private readonly healthy = new Set<string>();

  constructor(
    private readonly store: HealthStore,
    private readonly disableAfterMs: number,
    private readonly disableAfterText: string,
    private readonly durably: <T>(what: string, write: () => Promise<T>) => Promise<T>,
    private readonly disableLocally: (endpointId: string) => void,
  ) {}

  /** Records the outcome of an attempt; `gone` is the attempt policy's own reason (410). */
  async afterAttempt(endpoint: EndpointState, succeeded: boolean, gone: string | null, requestId: string): Promise<HealthVerdict> {
    let reason = gone;
    if (succeeded) {
      if (!this.healthy.has(endpoint.id)) {
        await this.durably('recording endpoint health', () => this.store.endpointSucceeded(endpoint.id));
        this.healthy.add(endpoint.id);
      }
    } else {
      this.healthy.delete(endpoint.id);
      const health = await this.durably('recording endpoint health', () => this.store.endpointFailed(endpoint.id, this.disableAfterMs));
      if (health.disableNow && !reason) reason = `failing without a success since ${health.failingSince.toISOString()} (${this.disableAfterText})`;
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
}
