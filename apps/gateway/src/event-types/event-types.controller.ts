import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CONFIG_RPC, EVENT_NAME_PATTERN, EventType, EventTypeCreateBody, EventTypeUpdateBody, ListQuery, Page } from '@fastgen/contracts';
import type { EventType as EventTypeT, EventTypeCreateBody as CreateT, EventTypeUpdateBody as UpdateT } from '@fastgen/contracts';
import { RpcClient } from '@fastgen/platform';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { PathIdPipe, SchemaPipe } from '../common/schema.pipe';
import { errorSchema, openApi } from '../common/openapi';
import { LIST_QUERY_DOCS, type PageOf } from '../common/list';

const eventName = new PathIdPipe('event type', new RegExp(EVENT_NAME_PATTERN));
const NAME_PARAM = { name: 'name', description: 'Event type name.', example: 'cv-score-finished' };
const NOT_FOUND = { ...errorSchema(404, 'not_found', 'event type not found'), description: 'No such event type in this project + environment.' };

@ApiTags('event-types')
@ApiKeyAuth()
@Controller('v1/event-types')
export class EventTypesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'The event catalogue of this environment, oldest first.' })
  @ApiQuery(LIST_QUERY_DOCS.limit)
  @ApiQuery(LIST_QUERY_DOCS.cursor)
  @ApiResponse({ status: 200, description: 'One page of event types.', schema: openApi(Page(EventType)) })
  list(@Caller() caller: CallerScope, @Query(new SchemaPipe(ListQuery, 'query', ['limit'])) query: ListQuery): Promise<PageOf<EventTypeT>> {
    return this.rpc.send(CONFIG_RPC.listEventTypes, { ...caller, query });
  }

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Add an event type, optionally with a JSON Schema for its payload.' })
  @ApiBody({ schema: openApi(EventTypeCreateBody) })
  @ApiResponse({ status: 201, description: 'The new event type.', schema: openApi(EventType) })
  @ApiResponse({ ...errorSchema(400, 'invalid', 'invalid request: schema.type is not a valid JSON Schema: must be equal to one of the allowed values'), description: 'Invalid body or schema.' })
  @ApiResponse({ ...errorSchema(409, 'conflict', 'event type cv-score-finished already exists in this environment'), description: 'The name is taken.' })
  create(@Caller() caller: CallerScope, @Body(new SchemaPipe(EventTypeCreateBody)) body: CreateT): Promise<EventTypeT> {
    return this.rpc.send(CONFIG_RPC.createEventType, { ...caller, body });
  }

  @Get(':name')
  @ApiOperation({ summary: 'Get an event type.' })
  @ApiParam(NAME_PARAM)
  @ApiResponse({ status: 200, description: 'The event type.', schema: openApi(EventType) })
  @ApiResponse(NOT_FOUND)
  get(@Caller() caller: CallerScope, @Param('name', eventName) name: string): Promise<EventTypeT> {
    return this.rpc.send(CONFIG_RPC.getEventType, { ...caller, name });
  }

  @Patch(':name')
  @ApiOperation({ summary: 'Change the description or the payload schema (null removes it).' })
  @ApiParam(NAME_PARAM)
  @ApiBody({ schema: openApi(EventTypeUpdateBody) })
  @ApiResponse({ status: 200, description: 'The updated event type.', schema: openApi(EventType) })
  @ApiResponse(NOT_FOUND)
  update(@Caller() caller: CallerScope, @Param('name', eventName) name: string, @Body(new SchemaPipe(EventTypeUpdateBody)) body: UpdateT): Promise<EventTypeT> {
    return this.rpc.send(CONFIG_RPC.updateEventType, { ...caller, name, body });
  }

  @Delete(':name')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an event type from the catalogue.' })
  @ApiParam(NAME_PARAM)
  @ApiResponse({ status: 204, description: 'Deleted.' })
  @ApiResponse(NOT_FOUND)
  async delete(@Caller() caller: CallerScope, @Param('name', eventName) name: string): Promise<void> {
    await this.rpc.send(CONFIG_RPC.deleteEventType, { ...caller, name });
  }
}
