import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { Endpoint, EndpointCreateBody, EndpointDisableRequest, EndpointSecret, EndpointUpdateBody, Environment, FieldError, ListQuery } from '@fastgen/contracts';
import { APP_ENV, ServiceError } from '@fastgen/platform';
import { generateSecret, openSecret, sealSecret } from '@fastgen/signing';
import type { ConfigEnv, ConfigSettings } from '../config.env';
import { StatePublisher } from '../state/state-publisher';
import { isUuid, page, type Paged } from '../common/page';
import { EndpointEntity, type StoredSecret } from './endpoint.entity';
import { headerErrors, normaliseHeaders, urlErrors } from './endpoint-rules';
import { endpointNotFound } from './endpoints.exception';

export interface Scope {
  project_id: string;
  environment: Environment;
}

const DISABLED_BY_USER = 'disabled through the API';

@Injectable()
export class EndpointsService {
  private readonly logger = new Logger(EndpointsService.name);
  private readonly settings: ConfigSettings;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly state: StatePublisher,
    @Inject(APP_ENV) env: ConfigEnv,
  ) {
    this.settings = env.settings;
  }

  async create(scope: Scope, body: EndpointCreateBody): Promise<Endpoint> {
    await this.validate(body);
    const now = new Date();
    const enabled = body.enabled ?? true;
    const entity = this.db.getRepository(EndpointEntity).create({
      id: randomUUID(),
      projectId: scope.project_id,
      environment: scope.environment,
      url: body.url,
      description: body.description ?? '',
      eventTypes: body.event_types ?? [],
      enabled,
      disabledReason: enabled ? null : DISABLED_BY_USER,
      headers: normaliseHeaders(body.headers ?? {}),
      rateLimit: body.rate_limit ?? null,
      secrets: [{ sealed: sealSecret(generateSecret(), this.settings.masterKey), expiresAt: null }],
      version: 1,
      createdAt: now,
      updatedAt: now,
    });
    await this.db.transaction(async (m) => {
      await m.getRepository(EndpointEntity).insert(entity);
      await this.state.endpoint(entity);
    });
    return toEndpoint(entity);
  }

  list(scope: Scope, query: ListQuery): Promise<Paged<Endpoint>> {
    const qb = this.db
      .getRepository(EndpointEntity)
      .createQueryBuilder('e')
      .where('e.project_id = :p and e.environment = :env', { p: scope.project_id, env: scope.environment });
    return page(qb, 'e', query, toEndpoint);
  }

  async get(scope: Scope, id: string): Promise<Endpoint> {
    return toEndpoint(await this.find(this.db.manager, scope, id));
  }

  async update(scope: Scope, id: string, body: EndpointUpdateBody): Promise<Endpoint> {
    await this.validate(body);
    return this.change(scope, id, (e) => {
      if (body.url !== undefined) e.url = body.url;
      if (body.description !== undefined) e.description = body.description;
      if (body.event_types !== undefined) e.eventTypes = body.event_types;
      if (body.headers !== undefined) e.headers = normaliseHeaders(body.headers);
      if (body.rate_limit !== undefined) e.rateLimit = body.rate_limit;
      if (body.enabled === true) {
        e.enabled = true;
        e.disabledReason = null;
      } else if (body.enabled === false && e.enabled) {
        e.enabled = false;
        e.disabledReason = DISABLED_BY_USER;
      }
      return true;
    }).then(toEndpoint);
  }

  async delete(scope: Scope, id: string): Promise<{ id: string; deleted: true }> {
    await this.db.transaction(async (m) => {
      const entity = await this.find(m, scope, id, true);
      await m.getRepository(EndpointEntity).delete({ id: entity.id });
      await this.state.endpointDeleted(entity.id);
    });
    return { id, deleted: true };
  }

  async secret(scope: Scope, id: string): Promise<EndpointSecret> {
    return this.reveal(await this.find(this.db.manager, scope, id));
  }

  /** A new current secret; the old one keeps signing for the overlap (24 h by default). */
  async rotate(scope: Scope, id: string): Promise<EndpointSecret> {
    const entity = await this.change(scope, id, (e) => {
      const now = Date.now();
      const until = new Date(now + this.settings.rotationOverlapMs).toISOString();
      const previous: StoredSecret[] = e.secrets
        .map((s) => (s.expiresAt === null ? { ...s, expiresAt: until } : s))
        .filter((s) => s.expiresAt !== null && Date.parse(s.expiresAt) > now);
      e.secrets = [{ sealed: sealSecret(generateSecret(), this.settings.masterKey), expiresAt: null }, ...previous];
      return true;
    });
    return this.reveal(entity);
  }

  /** The dispatcher's request (410 Gone, failing too long): disable with its reason. */
  async disable(request: EndpointDisableRequest): Promise<void> {
    const scope = { project_id: request.project_id, environment: request.environment };
    const exists = await this.db.getRepository(EndpointEntity).existsBy({ id: request.endpoint_id, projectId: scope.project_id, environment: scope.environment });
    // Deleted since the dispatcher asked: nothing to disable.
    if (!exists) return;
    const entity = await this.change(scope, request.endpoint_id, (e) => {
      // Changed since the dispatcher asked (e.g. enabled again by its owner): a request read again
      // after a restart must not undo that.
      if (!e.enabled || e.updatedAt.getTime() > Date.parse(request.requested_at)) return false;
      e.enabled = false;
      e.disabledReason = request.reason;
      return true;
    });
    this.logger.log(`endpoint ${entity.id} disabled: ${request.reason}`);
  }

  private reveal(e: EndpointEntity): EndpointSecret {
    const now = Date.now();
    const [current, ...rest] = e.secrets;
    if (!current) throw new Error(`endpoint ${e.id} has no secret`);
    return {
      secret: openSecret(current.sealed, this.settings.masterKey),
      previous_secrets: rest
        .filter((s) => s.expiresAt !== null && Date.parse(s.expiresAt) > now)
        .map((s) => ({ secret: openSecret(s.sealed, this.settings.masterKey), expires_at: s.expiresAt as string })),
    };
  }

  /** Locks the row, applies `mutate`, and saves and publishes when it changed something. */
  private change(scope: Scope, id: string, mutate: (e: EndpointEntity) => boolean): Promise<EndpointEntity> {
    return this.db.transaction(async (m) => {
      const entity = await this.find(m, scope, id, true);
      if (!mutate(entity)) return entity;
      entity.version += 1;
      entity.updatedAt = new Date();
      await m.getRepository(EndpointEntity).save(entity);
      await this.state.endpoint(entity);
      return entity;
    });
  }

  private async find(m: EntityManager, scope: Scope, id: string, lock = false): Promise<EndpointEntity> {
    // Another project's or environment's endpoint is "not found", never "forbidden".
    const entity = isUuid(id)
      ? await m.getRepository(EndpointEntity).findOne({
          where: { id, projectId: scope.project_id, environment: scope.environment },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!entity) throw endpointNotFound();
    return entity;
  }

  private async validate(body: { url?: string; headers?: Record<string, string> }): Promise<void> {
    const errors: FieldError[] = [];
    if (body.url !== undefined) errors.push(...(await urlErrors(body.url, this.settings.urlPolicy)));
    if (body.headers !== undefined) errors.push(...headerErrors(body.headers));
    if (errors.length > 0) throw ServiceError.invalid(errors);
  }
}

function toEndpoint(e: EndpointEntity): Endpoint {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    event_types: e.eventTypes,
    enabled: e.enabled,
    disabled_reason: e.disabledReason,
    headers: e.headers,
    rate_limit: e.rateLimit,
    environment: e.environment,
    created_at: e.createdAt.toISOString(),
    updated_at: e.updatedAt.toISOString(),
  };
}
