import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { EVENT_NAME_PATTERN, LIMITS, jsonSchemaErrors, type EventType, type EventTypeCreateBody, type EventTypeUpdateBody, type ListQuery } from '@fastgen/contracts';
import { ServiceError } from '@fastgen/platform';
import { StatePublisher } from '../state/state-publisher';
import { page, type Paged } from '../common/page';
import type { Scope } from '../endpoints/endpoints.service';
import { EventTypeEntity } from './event-type.entity';
import { eventTypeExists, eventTypeNotFound } from './event-types.exception';

const NAME = new RegExp(EVENT_NAME_PATTERN);

@Injectable()
export class EventTypesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly state: StatePublisher,
  ) {}

  async create(scope: Scope, body: EventTypeCreateBody): Promise<EventType> {
    checkSchema(body.schema);
    const now = new Date();
    const entity = this.db.getRepository(EventTypeEntity).create({
      id: randomUUID(),
      projectId: scope.project_id,
      environment: scope.environment,
      name: body.name,
      description: body.description ?? '',
      schema: body.schema ?? null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.db.transaction(async (m) => {
        await m.getRepository(EventTypeEntity).save(entity);
        await this.state.eventType(entity);
      });
    } catch (err) {
      // The unique index on (project, environment, name) decides between concurrent creations.
      if ((err as { driverError?: { code?: string } }).driverError?.code === '23505') throw eventTypeExists(body.name);
      throw err;
    }
    return toEventType(entity);
  }

  list(scope: Scope, query: ListQuery): Promise<Paged<EventType>> {
    const qb = this.db
      .getRepository(EventTypeEntity)
      .createQueryBuilder('t')
      .where('t.project_id = :p and t.environment = :env', { p: scope.project_id, env: scope.environment });
    return page(qb, 't', query, toEventType);
  }

  async get(scope: Scope, name: string): Promise<EventType> {
    return toEventType(await this.find(this.db.manager, scope, name));
  }

  async update(scope: Scope, name: string, body: EventTypeUpdateBody): Promise<EventType> {
    checkSchema(body.schema);
    return this.db.transaction(async (m) => {
      const entity = await this.find(m, scope, name, true);
      if (body.description !== undefined) entity.description = body.description;
      if (body.schema !== undefined) entity.schema = body.schema;
      entity.updatedAt = new Date();
      await m.getRepository(EventTypeEntity).save(entity);
      await this.state.eventType(entity);
      return toEventType(entity);
    });
  }

  async delete(scope: Scope, name: string): Promise<{ id: string; deleted: true }> {
    await this.db.transaction(async (m) => {
      const entity = await this.find(m, scope, name, true);
      await m.getRepository(EventTypeEntity).delete({ id: entity.id });
      await this.state.eventTypeDeleted(entity.id);
    });
    return { id: name, deleted: true };
  }

  private async find(m: EntityManager, scope: Scope, name: string, lock = false): Promise<EventTypeEntity> {
    const entity = NAME.test(name)
      ? await m.getRepository(EventTypeEntity).findOne({
          where: { name, projectId: scope.project_id, environment: scope.environment },
          ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
        })
      : null;
    if (!entity) throw eventTypeNotFound();
    return entity;
  }
}

/** The payload schema must itself be a valid JSON Schema, and small. */
function checkSchema(schema: Record<string, unknown> | null | undefined): void {
  if (schema === undefined || schema === null) return;
  if (Buffer.byteLength(JSON.stringify(schema)) > LIMITS.schemaBytes) {
    throw ServiceError.invalid([{ field: 'schema', message: `must be at most ${LIMITS.schemaBytes} bytes of JSON` }]);
  }
  const errors = jsonSchemaErrors(schema);
  if (errors.length > 0) {
    throw ServiceError.invalid(errors.map((e) => ({ field: e.field ? `schema.${e.field}` : 'schema', message: `is not a valid JSON Schema: ${e.message}` })));
  }
}

function toEventType(t: EventTypeEntity): EventType {
  return { name: t.name, description: t.description, schema: t.schema, created_at: t.createdAt.toISOString(), updated_at: t.updatedAt.toISOString() };
}
