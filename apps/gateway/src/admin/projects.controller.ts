import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiKey, ApiKeyCreateBody, ApiKeyCreated, CONFIG_RPC, ListQuery, Page, Project, ProjectCreateBody, ProjectUpdateBody } from '@fastgen/contracts';
import type { ProjectUpdateBody as ProjectUpdateBodyT } from '@fastgen/contracts';
import type { ApiKey as ApiKeyT, ApiKeyCreated as ApiKeyCreatedT, Project as ProjectT } from '@fastgen/contracts';
import { RpcClient } from '@fastgen/platform';
import { AdminGuard } from '../system/admin.guard';
import { PathIdPipe, SchemaPipe } from '../common/schema.pipe';
import { errorSchema, openApi } from '../common/openapi';
import { LIST_QUERY_DOCS, type PageOf } from '../common/list';

const projectId = new PathIdPipe('project');

@ApiTags('admin')
@ApiBearerAuth('admin')
@UseGuards(AdminGuard)
@ApiResponse({ ...errorSchema(401, 'unauthorized', 'a valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>)'), description: 'Missing or wrong ADMIN_TOKEN.' })
@Controller('v1/admin/projects')
export class ProjectsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a project (tenant) with its development and production environments.' })
  @ApiBody({ schema: openApi(ProjectCreateBody) })
  @ApiResponse({ status: 201, description: 'The new project.', schema: openApi(Project) })
  @ApiResponse({ ...errorSchema(400, 'invalid', 'invalid request body: name is required', [{ field: 'name', message: 'is required' }]), description: 'Invalid body.' })
  create(@Body(new SchemaPipe(ProjectCreateBody)) body: { name: string }): Promise<ProjectT> {
    return this.rpc.send(CONFIG_RPC.createProject, body);
  }

  @Get()
  @ApiOperation({ summary: 'List projects, oldest first.' })
  @ApiQuery(LIST_QUERY_DOCS.limit)
  @ApiQuery(LIST_QUERY_DOCS.cursor)
  @ApiResponse({ status: 200, description: 'One page of projects.', schema: openApi(Page(Project)) })
  list(@Query(new SchemaPipe(ListQuery, 'query', ['limit'])) query: ListQuery): Promise<PageOf<ProjectT>> {
    return this.rpc.send(CONFIG_RPC.listProjects, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a project.' })
  @ApiParam({ name: 'id', description: 'Project id.', format: 'uuid', example: '0b6f2a52-5d1c-4d39-9a35-3c8f1a3e2c11' })
  @ApiResponse({ status: 200, description: 'The project.', schema: openApi(Project) })
  @ApiResponse({ ...errorSchema(404, 'not_found', 'project not found'), description: 'No such project.' })
  get(@Param('id', projectId) id: string): Promise<ProjectT> {
    return this.rpc.send(CONFIG_RPC.getProject, { id });
  }

  @Patch(':id')
  @ApiOperation({
    summary: "Rename a project or change its admission limits.",
    description:
      'Limits apply to each environment of the project: `events_per_second` (sustained rate) with `burst`, and `max_backlog` (deliveries waiting). ' +
      'Over either, `POST /v1/events` answers 429 with Retry-After. A limit set to null goes back to the platform default. Takes effect within a second.',
  })
  @ApiParam({ name: 'id', description: 'Project id.' })
  @ApiBody({ schema: { ...openApi(ProjectUpdateBody), example: { limits: { events_per_second: 500, burst: 1000, max_backlog: 50000 } } } })
  @ApiResponse({ status: 200, description: 'The project as changed.', schema: openApi(Project) })
  @ApiResponse({ ...errorSchema(400, 'invalid', 'invalid request body: limits.events_per_second must be >= 1'), description: 'Invalid body.' })
  @ApiResponse({ ...errorSchema(404, 'not_found', 'project not found'), description: 'No such project.' })
  update(@Param('id', projectId) id: string, @Body(new SchemaPipe(ProjectUpdateBody)) body: ProjectUpdateBodyT): Promise<ProjectT> {
    return this.rpc.send(CONFIG_RPC.updateProject, { id, body });
  }

  @Post(':id/api-keys')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Create an API key for one environment of the project.',
    description: 'The `key` is shown in this response only; store it safely. Keys start with `fg_dev_` (development) or `fg_prod_` (production).',
  })
  @ApiParam({ name: 'id', description: 'Project id.', format: 'uuid' })
  @ApiBody({ schema: openApi(ApiKeyCreateBody) })
  @ApiResponse({ status: 201, description: 'The new key, with the key itself.', schema: openApi(ApiKeyCreated) })
  @ApiResponse({ ...errorSchema(400, 'invalid', 'invalid request body: environment must be equal to one of the allowed values'), description: 'Invalid body.' })
  @ApiResponse({ ...errorSchema(404, 'not_found', 'project not found'), description: 'No such project.' })
  createKey(@Param('id', projectId) id: string, @Body(new SchemaPipe(ApiKeyCreateBody)) body: ApiKeyCreateBodyT): Promise<ApiKeyCreatedT> {
    return this.rpc.send(CONFIG_RPC.createApiKey, { project_id: id, body });
  }

  @Get(':id/api-keys')
  @ApiOperation({ summary: "List the project's API keys (never the keys themselves)." })
  @ApiParam({ name: 'id', description: 'Project id.', format: 'uuid' })
  @ApiQuery(LIST_QUERY_DOCS.limit)
  @ApiQuery(LIST_QUERY_DOCS.cursor)
  @ApiResponse({ status: 200, description: 'One page of keys.', schema: openApi(Page(ApiKey)) })
  @ApiResponse({ ...errorSchema(404, 'not_found', 'project not found'), description: 'No such project.' })
  listKeys(@Param('id', projectId) id: string, @Query(new SchemaPipe(ListQuery, 'query', ['limit'])) query: ListQuery): Promise<PageOf<ApiKeyT>> {
    return this.rpc.send(CONFIG_RPC.listApiKeys, { project_id: id, query });
  }

  @Delete(':id/api-keys/:key_id')
  @ApiOperation({ summary: 'Revoke an API key.', description: 'Requests with the key are refused with 401 within a second. Revoking twice is harmless.' })
  @ApiParam({ name: 'id', description: 'Project id.', format: 'uuid' })
  @ApiParam({ name: 'key_id', description: 'API key id (not the key).', format: 'uuid' })
  @ApiResponse({ status: 200, description: 'The revoked key, with `revoked_at`.', schema: openApi(ApiKey) })
  @ApiResponse({ ...errorSchema(404, 'not_found', 'API key not found'), description: 'No such project or key.' })
  revokeKey(@Param('id', projectId) id: string, @Param('key_id', new PathIdPipe('API key')) keyId: string): Promise<ApiKeyT> {
    return this.rpc.send(CONFIG_RPC.revokeApiKey, { project_id: id, key_id: keyId });
  }
}

type ApiKeyCreateBodyT = { environment: 'development' | 'production'; name?: string };
