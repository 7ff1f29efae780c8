import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import {
  DEAD_LETTER_REASONS,
  DELIVERY_STATUSES,
  LOG_RPC,
  STATS_BUCKETS,
  DeadLetterView,
  DeliveryView,
  IncomingRequestView,
  type ListDeadLettersRequest,
  Page as PageSchema,
  type ListDeliveriesRequest,
  type ListIncomingRequest,
  type StatsRequest,
  StatsView,
} from '@fastgen/contracts';
import { RpcClient } from '@fastgen/platform';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { scopedQuery } from './scoped-query';
import { openApi } from '../common/openapi';
import { DEAD_LETTER_EXAMPLE, DELIVERY_EXAMPLE, INCOMING_EXAMPLE, NEXT_CURSOR_EXAMPLE } from './logs.examples';

interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

const PAGE_QUERIES = [
  { name: 'since', required: false, description: 'Inclusive lower bound, RFC 3339 (e.g. 2026-01-05T00:00:00Z).', schema: { type: 'string', format: 'date-time' } },
  { name: 'until', required: false, description: 'Exclusive upper bound, RFC 3339.', schema: { type: 'string', format: 'date-time' } },
  { name: 'limit', required: false, description: 'Page size, 1-100 (default 50).', schema: { type: 'integer', minimum: 1, maximum: 100 } },
  { name: 'cursor', required: false, description: 'The next_cursor of the previous page.' },
] as const;

@ApiTags('logs')
@ApiUnauthorizedResponse({ description: 'Missing or unknown API key.' })
@ApiBadRequestResponse({ description: 'A bad filter; the message and `fields` name it.', schema: { example: { error: { code: 'invalid', message: 'invalid query: status must be equal to one of the allowed values', fields: [{ field: 'status', message: 'must be equal to one of the allowed values' }] } } } })
@ApiKeyAuth()
@Controller('v1/logs')
export class LogsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('incoming')
  @ApiOperation({ summary: 'Requests received by the API, newest first.' })
  @ApiQuery({ name: 'status', required: false, description: 'HTTP status the API answered.', schema: { type: 'integer', minimum: 100, maximum: 599 } })
  @ApiQuery({ name: 'message_id', required: false, description: 'Requests that produced this webhook_message_id.', schema: { type: 'string', format: 'uuid' } })
  @ApiQuery(PAGE_QUERIES[0])
  @ApiQuery(PAGE_QUERIES[1])
  @ApiQuery(PAGE_QUERIES[2])
  @ApiQuery(PAGE_QUERIES[3])
  @ApiOkResponse({ description: 'One page of incoming requests.', schema: { ...openApi(PageSchema(IncomingRequestView)), example: { data: [INCOMING_EXAMPLE], next_cursor: NEXT_CURSOR_EXAMPLE } } })
  incoming(@Caller() caller: CallerScope, @Query() query: Record<string, unknown>): Promise<Page<IncomingRequestView>> {
    return this.rpc.send(LOG_RPC.listIncoming, scopedQuery<ListIncomingRequest>(LOG_RPC.listIncoming.request, caller, query, ['status', 'limit']));
  }

  @Get('dead-letters')
  @ApiOperation({
    summary: "Records of this project that a service refused for good (invalid, or refused by its store), newest first.",
    description:
      'A record that can never be processed is parked on the dead-letter topic with its reason instead of blocking every record behind it. This lists those that name this project (both environments); admins see every one at GET /v1/admin/dead-letters.',
  })
  @ApiQuery({ name: 'reason', required: false, enum: DEAD_LETTER_REASONS })
  @ApiQuery(PAGE_QUERIES[0])
  @ApiQuery(PAGE_QUERIES[1])
  @ApiQuery(PAGE_QUERIES[2])
  @ApiQuery(PAGE_QUERIES[3])
  @ApiOkResponse({ description: 'One page of dead letters.', schema: { ...openApi(PageSchema(DeadLetterView)), example: { data: [DEAD_LETTER_EXAMPLE], next_cursor: null } } })
  deadLetters(@Caller() caller: CallerScope, @Query() query: Record<string, unknown>): Promise<Page<DeadLetterView>> {
    return this.rpc.send(LOG_RPC.listDeadLetters, scopedQuery<ListDeadLettersRequest>(LOG_RPC.listDeadLetters.request, { project_id: caller.project_id }, query, ['limit']));
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Outgoing deliveries (message x endpoint) with their latest state, newest first.' })
  @ApiQuery({ name: 'status', required: false, enum: DELIVERY_STATUSES })
  @ApiQuery({ name: 'event', required: false, description: 'Event name.' })
  @ApiQuery({ name: 'endpoint_id', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'message_id', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'response_status', required: false, description: 'HTTP status of the latest attempt.', schema: { type: 'integer', minimum: 100, maximum: 599 } })
  @ApiQuery(PAGE_QUERIES[0])
  @ApiQuery(PAGE_QUERIES[1])
  @ApiQuery(PAGE_QUERIES[2])
  @ApiQuery(PAGE_QUERIES[3])
  @ApiOkResponse({ description: 'One page of deliveries.', schema: { ...openApi(PageSchema(DeliveryView)), example: { data: [DELIVERY_EXAMPLE], next_cursor: NEXT_CURSOR_EXAMPLE } } })
  deliveries(@Caller() caller: CallerScope, @Query() query: Record<string, unknown>): Promise<Page<DeliveryView>> {
    return this.rpc.send(
      LOG_RPC.listDeliveries,
      scopedQuery<ListDeliveriesRequest>(LOG_RPC.listDeliveries.request, caller, query, ['response_status', 'limit']),
    );
  }

  @Get('stats')
  @ApiOperation({ summary: 'Deliveries by outcome per time bucket (the dashboard chart), by delivery creation time.' })
  @ApiQuery({ name: 'since', required: false, description: 'RFC 3339; default: until minus 24 hours.' })
  @ApiQuery({ name: 'until', required: false, description: 'RFC 3339; default: now.' })
  @ApiQuery({ name: 'bucket', required: false, enum: Object.keys(STATS_BUCKETS), description: 'Default 1h; at most 1000 buckets.' })
  @ApiQuery({ name: 'endpoint_id', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'event', required: false })
  @ApiOkResponse({
    description: 'Delivery counts per bucket.',
    schema: {
      ...openApi(StatsView),
      example: {
        since: '2026-01-05T08:00:00.000Z',
        until: '2026-01-05T10:00:00.000Z',
        bucket: '1h',
        data: [
          { start: '2026-01-05T08:00:00.000Z', pending: 0, succeeded: 120, retrying: 3, failed: 1 },
          { start: '2026-01-05T09:00:00.000Z', pending: 2, succeeded: 98, retrying: 0, failed: 0 },
        ],
      },
    },
  })
  stats(@Caller() caller: CallerScope, @Query() query: Record<string, unknown>): Promise<StatsView> {
    return this.rpc.send(LOG_RPC.stats, scopedQuery<StatsRequest>(LOG_RPC.stats.request, caller, query));
  }
}
