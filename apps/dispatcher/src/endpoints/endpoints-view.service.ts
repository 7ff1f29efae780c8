import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import { TOPICS, type EndpointState, type WebhookMessage } from '@fastgen/contracts';
import { openSecret, parseMasterKey } from '@fastgen/signing';
import { APP_ENV, CompactedView, KAFKA, Readiness } from '@fastgen/platform';
import type { DispatcherEnv } from '../dispatcher.env';

const READINESS = 'endpoints-view';

/** Does this endpoint want this message? (enabled, same project + environment, event filter, target) */
export function endpointMatches(endpoint: EndpointState, message: Pick<WebhookMessage, 'project_id' | 'environment' | 'event' | 'endpoint_id'>): boolean {
  if (endpoint.project_id !== message.project_id || endpoint.environment !== message.environment) return false;
  if (!endpoint.enabled) return false;
  if (message.endpoint_id !== undefined) return endpoint.id === message.endpoint_id; // endpoint tests
  return endpoint.event_types.length === 0 || endpoint.event_types.includes(message.event);
}

/**
 * The dispatcher's local view of every endpoint, fed by config.endpoints.v1 (read from the
 * beginning at start; readiness is held until it is loaded). Delivery never asks config.
 */
@Injectable()
export class EndpointsView implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EndpointsView.name);
  private readonly view: CompactedView<EndpointState>;
  private readonly byScope = new Map<string, Set<string>>();
  private readonly opened = new Map<string, string>();
  private readonly masterKey: Buffer;
  private readonly disabledLocally = new Set<string>();
  private loaded?: Promise<void>;
  private changeCount = 0;

  constructor(
    @Inject(KAFKA) kafka: Kafka,
    @Inject(APP_ENV) env: DispatcherEnv,
    private readonly readiness: Readiness,
  ) {
    this.masterKey = parseMasterKey(env.SECRETS_MASTER_KEY);
    this.view = new CompactedView<EndpointState>(kafka, TOPICS.config.endpoints, {
      clientId: `dispatcher${env.KAFKA_CLIENT_ID_SUFFIX}`,
      version: (e) => e.version,
      onChange: (id, previous, next) => {
        this.changeCount++;
        if (previous) this.byScope.get(scopeKey(previous))?.delete(id);
        if (next) {
          const key = scopeKey(next);
          if (!this.byScope.has(key)) this.byScope.set(key, new Set());
          this.byScope.get(key)!.add(id);
          this.disabledLocally.delete(id); // config's newer word replaces our local guess
        }
      },
    });
    this.readiness.waitFor(READINESS, 'loading endpoints from config.endpoints.v1');
  }

  onApplicationBootstrap(): void {
    void this.whenLoaded();
  }

  /** Resolves once the view holds every endpoint published before the process started. */
  whenLoaded(): Promise<void> {
    this.loaded ??= this.view.start().then(
      () => this.readiness.done(READINESS),
      (err) => {
        this.logger.error(`endpoints view failed: ${(err as Error).message}`);
        this.loaded = undefined;
        throw err;
      },
    );
    return this.loaded;
  }

  /** Read-your-writes: an endpoint created before a message was published is seen when it is handled. */
  catchUp(timeoutMs?: number): Promise<boolean> {
    return this.view.catchUp(timeoutMs);
  }

  /** Grows with every endpoint added, changed or removed: equal counts mean the same view. */
  get changes(): number {
    return this.changeCount;
  }

  get(id: string): EndpointState | undefined {
    const e = this.view.get(id);
    if (e && this.disabledLocally.has(id)) return { ...e, enabled: false };
    return e;
  }

  matching(message: Pick<WebhookMessage, 'project_id' | 'environment' | 'event' | 'endpoint_id'>): EndpointState[] {
    const ids = this.byScope.get(scopeKey(message)) ?? new Set<string>();
    return [...ids].map((id) => this.get(id)!).filter((e) => e && endpointMatches(e, message));
  }

  /** After a 410 the endpoint stops receiving at once, before config confirms the disable. */
  disableLocally(id: string): void {
    this.disabledLocally.add(id);
  }

  /** The endpoint's secrets still signing at `now`, newest first, in clear. */
  activeSecrets(endpoint: EndpointState, now = Date.now()): string[] {
    return endpoint.secrets
      .filter((s) => s.expires_at === null || Date.parse(s.expires_at) > now)
      .map((s) => {
        let clear = this.opened.get(s.sealed);
        if (clear === undefined) {
          clear = openSecret(s.sealed, this.masterKey);
          this.opened.set(s.sealed, clear);
        }
        return clear;
      });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.view.stop();
  }
}

const scopeKey = (s: { project_id: string; environment: string }) => `${s.project_id}/${s.environment}`;
