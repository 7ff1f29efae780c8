import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CONFIG_RPC, Endpoint, EndpointCreateBody, EndpointSecret, EndpointUpdateBody, ListQuery, Page } from '@fastgen/contracts';
import type { Endpoint as EndpointT, EndpointCreateBody as CreateT, EndpointSecret as SecretT, EndpointUpdateBody as UpdateT } from '@fastgen/contracts';
import { RpcClient } from '@fastgen/platform';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { PathIdPipe, SchemaPipe } from '../common/schema.pipe';
import { errorSchema, openApi } from '../common/openapi';
import { LIST_QUERY_DOCS, type PageOf } from '../common/list';

const endpointId = new PathIdPipe('endpoint');
const ID_PARAM = { name: 'id', description: 'Endpoint id.', format: 'uuid', example: '6a1f4a0e-2b8e-4f7e-9d51-1f1bb2f0b3a4' };
const NOT_FOUND = { ...errorSchema(404, 'not_found', 'endpoint not found'), description: 'No such endpoint in this project + environment.' };
const INVALID = {
  ...errorSchema(400, 'invalid', 'invalid request: url must use http or https, not ftp', [{ field: 'url', message: 'must use http or https, not ftp' }]),
  description: 'Invalid body: unknown or mistyped field, oversized value, bad URL, reserved header, refused address.',
};

@ApiTags('endpoints')
@ApiKeyAuth()
@Controller('v1/endpoints')
export class EndpointsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'List the endpoints of this environment, oldest first (no secrets).' })
  @ApiQuery(LIST_QUERY_DOCS.limit)
  @ApiQuery(LIST_QUERY_DOCS.cursor)
  @ApiResponse({ status: 200, description: 'One page of endpoints.', schema: openApi(Page(Endpoint)) })
  list(@Caller() caller: CallerScope, @Query(new SchemaPipe(ListQuery, 'query', ['limit'])) query: ListQuery): Promise<PageOf<EndpointT>> {
    return this.rpc.send(CONFIG_RPC.listEndpoints, { ...caller, query });
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create an endpoint; it gets a new signing secret (read it at /v1/endpoints/{id}/secret).' })
  @ApiBody({ schema: openApi(EndpointCreateBody) })
  @ApiResponse({ status: 201, description: 'The new endpoint.', schema: openApi(Endpoint) })
  @ApiResponse(INVALID)
  create(@Caller() caller: CallerScope, @Body(new SchemaPipe(EndpointCreateBody)) body: CreateT): Promise<EndpointT> {
    return this.rpc.send(CONFIG_RPC.createEndpoint, { ...caller, body });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an endpoint (no secret).' })
  @ApiParam(ID_PARAM)
  @ApiResponse({ status: 200, description: 'The endpoint.', schema: openApi(Endpoint) })
  @ApiResponse(NOT_FOUND)
  get(@Caller() caller: CallerScope, @Param('id', endpointId) id: string): Promise<EndpointT> {
    return this.rpc.send(CONFIG_RPC.getEndpoint, { ...caller, id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields of an endpoint; `enabled: true` re-enables it and clears `disabled_reason`.' })
  @ApiParam(ID_PARAM)
  @ApiBody({ schema: openApi(EndpointUpdateBody) })
  @ApiResponse({ status: 200, description: 'The updated endpoint.', schema: openApi(Endpoint) })
  @ApiResponse(INVALID)
  @ApiResponse(NOT_FOUND)
  update(@Caller() caller: CallerScope, @Param('id', endpointId) id: string, @Body(new SchemaPipe(EndpointUpdateBody)) body: UpdateT): Promise<EndpointT> {
    return this.rpc.send(CONFIG_RPC.updateEndpoint, { ...caller, id, body });
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an endpoint; it receives nothing more.' })
  @ApiParam(ID_PARAM)
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiResponse(NOT_FOUND)
  async delete(@Caller() caller: CallerScope, @Param('id', endpointId) id: string): Promise<void> {
    await this.rpc.send(CONFIG_RPC.deleteEndpoint, { ...caller, id });
  }

  @Get(':id/secret')
  @ApiOperation({ summary: 'Read the signing secret (and rotated-out secrets that still sign).' })
  @ApiParam(ID_PARAM)
  @ApiResponse({ status: 200, description: 'The secret.', schema: openApi(EndpointSecret) })
  @ApiResponse(NOT_FOUND)
  secret(@Caller() caller: CallerScope, @Param('id', endpointId) id: string): Promise<SecretT> {
    return this.rpc.send(CONFIG_RPC.getEndpointSecret, { ...caller, id });
  }

  @Post(':id/secret/rotate')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Rotate the signing secret.',
    description:
      'A new secret signs from now on; the previous one keeps signing too (one more `webhook-signature` entry) for SECRET_ROTATION_OVERLAP_HOURS (24 h by default), so receivers can switch without losing a delivery.',
  })
  @ApiParam(ID_PARAM)
  @ApiResponse({ status: 200, description: 'The new secret and the previous ones with their expiry.', schema: openApi(EndpointSecret) })
  @ApiResponse(NOT_FOUND)
  rotate(@Caller() caller: CallerScope, @Param('id', endpointId) id: string): Promise<SecretT> {
    return this.rpc.send(CONFIG_RPC.rotateEndpointSecret, { ...caller, id });
  }
}
