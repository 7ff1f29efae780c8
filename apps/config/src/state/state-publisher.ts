import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { TOPICS, type ApiKeyState, type EndpointState, type EventTypeState, type ProjectState } from '@fastgen/contracts';
import { KafkaProducer, Readiness, retry } from '@fastgen/platform';
import { ApiKeyEntity } from '../projects/api-key.entity';
import { ProjectEntity } from '../projects/project.entity';
import { EndpointEntity } from '../endpoints/endpoint.entity';
import { EventTypeEntity } from '../event-types/event-type.entity';

const READY_KEY = 'config-state-published';
const BATCH = 500;

export function endpointState(e: EndpointEntity): EndpointState {
  return {
    id: e.id,
    project_id: e.projectId,
    environment: e.environment,
    url: e.url,
    description: e.description,
    event_types: e.eventTypes,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    headers: e.headers,
    rate_limit: e.rateLimit,
    secrets: e.secrets.map((s) => ({ sealed: s.sealed, expires_at: s.expiresAt })),
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
    version: e.version,
  };
}

export function projectState(p: ProjectEntity): ProjectState {
  return {
    id: p.id,
    name: p.name,
    limits: { events_per_second: p.eventsPerSecond, burst: p.burst, max_backlog: p.maxBacklog },
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export function apiKeyState(k: ApiKeyEntity): ApiKeyState {
  return {
    id: k.id,
    project_id: k.projectId,
    environment: k.environment,
    key_hash: k.keyHash,
    prefix: k.prefix,
    revoked_at: k.revokedAt?.toISOString() ?? null,
    created_at: k.createdAt.toISOString(),
  };
}

export function eventTypeState(t: EventTypeEntity): EventTypeState {
  return {
    id: t.id,
    project_id: t.projectId,
    environment: t.environment,
    name: t.name,
    description: t.description,
    schema: t.schema,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
  };
}

/**
 * Publishes the state of every changed record to its compacted topic. Callers publish inside the
 * database transaction, before it commits: a failed publish rolls the change back. At boot the
 * whole state is published again, which repairs the rare commit that failed after its publish.
 */
@Injectable()
export class StatePublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger(StatePublisher.name);
  private resolveSynced!: () => void;
  /** Resolves once the boot-time publication is done; handlers that change state wait for it. */
  readonly synced = new Promise<void>((resolve) => (this.resolveSynced = resolve));

  constructor(
    private readonly producer: KafkaProducer,
    @InjectDataSource() private readonly db: DataSource,
    private readonly readiness: Readiness,
  ) {
    readiness.waitFor(READY_KEY, 'publishing the current configuration state');
  }

  endpoint(e: EndpointEntity): Promise<void> {
    return this.producer.send(TOPICS.config.endpoints, [{ key: e.id, value: endpointState(e) }]);
  }

  endpointDeleted(id: string): Promise<void> {
    return this.producer.send(TOPICS.config.endpoints, [{ key: id, value: null }]);
  }

  project(p: ProjectEntity): Promise<void> {
    return this.producer.send(TOPICS.config.projects, [{ key: p.id, value: projectState(p) }]);
  }

  apiKey(k: ApiKeyEntity): Promise<void> {
    return this.producer.send(TOPICS.config.apiKeys, [{ key: k.id, value: apiKeyState(k) }]);
  }

  eventType(t: EventTypeEntity): Promise<void> {
    return this.producer.send(TOPICS.config.eventTypes, [{ key: t.id, value: eventTypeState(t) }]);
  }

  eventTypeDeleted(id: string): Promise<void> {
    return this.producer.send(TOPICS.config.eventTypes, [{ key: id, value: null }]);
  }

  onApplicationBootstrap(): void {
    // In the background: a broker that is down at boot delays readiness, not the HTTP server.
    void this.republishAll();
  }

  private async republishAll(): Promise<void> {
    const counts = await retry(
      () =>
        Promise.all([
          this.republish(EndpointEntity, (rows) => this.producer.send(TOPICS.config.endpoints, rows.map((e) => ({ key: e.id, value: endpointState(e) })))),
          this.republish(ApiKeyEntity, (rows) => this.producer.send(TOPICS.config.apiKeys, rows.map((k) => ({ key: k.id, value: apiKeyState(k) })))),
          this.republish(EventTypeEntity, (rows) => this.producer.send(TOPICS.config.eventTypes, rows.map((t) => ({ key: t.id, value: eventTypeState(t) })))),
          this.republish(ProjectEntity, (rows) => this.producer.send(TOPICS.config.projects, rows.map((p) => ({ key: p.id, value: projectState(p) })))),
        ]),
      { what: 'publishing the configuration state', initialMs: 500, maxMs: 5_000, logger: this.logger },
    );
    this.logger.log(`published the configuration state: ${counts[0]} endpoints, ${counts[1]} API keys, ${counts[2]} event types, ${counts[3]} projects`);
    this.readiness.done(READY_KEY);
    this.resolveSynced();
  }

  private async republish<E extends { id: string }>(entity: new () => E, send: (rows: E[]) => Promise<void>): Promise<number> {
    const repo = this.db.getRepository(entity);
    let total = 0;
    for (let skip = 0; ; skip += BATCH) {
      const rows = await repo.find({ order: { id: 'ASC' } as never, skip, take: BATCH });
      if (rows.length > 0) await send(rows);
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }
}
