import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ENVIRONMENTS, type ApiKey, type ApiKeyCreated, type Environment, type ListQuery, type Project, type ProjectUpdateBody } from '@fastgen/contracts';
import { StatePublisher } from '../state/state-publisher';
import { isUuid, page, type Paged } from '../common/page';
import { ApiKeyEntity } from './api-key.entity';
import { ProjectEntity } from './project.entity';
import { displayPrefix, generateApiKey, hashApiKey } from './api-key';
import { apiKeyNotFound, projectNotFound } from './projects.exception';

@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly state: StatePublisher,
  ) {}

  async create(name: string): Promise<Project> {
    const now = new Date();
    const project = this.db
      .getRepository(ProjectEntity)
      .create({ id: randomUUID(), name, eventsPerSecond: null, burst: null, maxBacklog: null, createdAt: now, updatedAt: now });
    await this.db.transaction(async (m) => {
      await m.getRepository(ProjectEntity).insert(project);
      await this.state.project(project);
    });
    return toProject(project);
  }

  /** Renames the project or changes its admission limits; a limit set to null goes back to the default. */
  async update(id: string, body: ProjectUpdateBody): Promise<Project> {
    await this.find(id);
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(ProjectEntity);
      const project = (await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } }))!;
      if (body.name !== undefined) project.name = body.name;
      const limits = body.limits ?? {};
      if (limits.events_per_second !== undefined) project.eventsPerSecond = limits.events_per_second;
      if (limits.burst !== undefined) project.burst = limits.burst;
      if (limits.max_backlog !== undefined) project.maxBacklog = limits.max_backlog;
      project.updatedAt = new Date();
      await repo.save(project);
      await this.state.project(project);
      return toProject(project);
    });
  }

  async get(id: string): Promise<Project> {
    return toProject(await this.find(id));
  }

  list(query: ListQuery): Promise<Paged<Project>> {
    return page(this.db.getRepository(ProjectEntity).createQueryBuilder('p'), 'p', query, toProject);
  }

  async createKey(projectId: string, environment: Environment, name: string): Promise<ApiKeyCreated> {
    await this.find(projectId);
    const key = generateApiKey(environment);
    const entity = this.db.getRepository(ApiKeyEntity).create({
      id: randomUUID(),
      projectId,
      environment,
      name,
      keyHash: hashApiKey(key),
      prefix: displayPrefix(key),
      createdAt: new Date(),
      revokedAt: null,
    });
    await this.db.transaction(async (m) => {
      await m.getRepository(ApiKeyEntity).insert(entity);
      await this.state.apiKey(entity);
    });
    return { ...toApiKey(entity), key };
  }

  async listKeys(projectId: string, query: ListQuery): Promise<Paged<ApiKey>> {
    await this.find(projectId);
    const qb = this.db.getRepository(ApiKeyEntity).createQueryBuilder('k').where('k.project_id = :projectId', { projectId });
    return page(qb, 'k', query, toApiKey);
  }

  /** Revoking twice is harmless: the first revocation time is kept. */
  async revokeKey(projectId: string, keyId: string): Promise<ApiKey> {
    await this.find(projectId);
    if (!isUuid(keyId)) throw apiKeyNotFound();
    return this.db.transaction(async (m) => {
      const repo = m.getRepository(ApiKeyEntity);
      const key = await repo.findOne({ where: { id: keyId, projectId }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw apiKeyNotFound();
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        await repo.update({ id: key.id }, { revokedAt: key.revokedAt });
        await this.state.apiKey(key);
      }
      return toApiKey(key);
    });
  }

  private async find(id: string): Promise<ProjectEntity> {
    const project = isUuid(id) ? await this.db.getRepository(ProjectEntity).findOneBy({ id }) : null;
    if (!project) throw projectNotFound();
    return project;
  }
}

function toProject(p: ProjectEntity): Project {
  return {
    id: p.id,
    name: p.name,
    environments: [...ENVIRONMENTS],
    limits: { events_per_second: p.eventsPerSecond, burst: p.burst, max_backlog: p.maxBacklog },
    created_at: p.createdAt.toISOString(),
  };
}

function toApiKey(k: ApiKeyEntity): ApiKey {
  return {
    id: k.id,
    project_id: k.projectId,
    environment: k.environment,
    name: k.name,
    prefix: k.prefix,
    created_at: k.createdAt.toISOString(),
    revoked_at: k.revokedAt?.toISOString() ?? null,
  };
}
