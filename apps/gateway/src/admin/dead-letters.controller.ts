import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import { DEAD_LETTER_REASONS, DeadLetterView, LOG_RPC, Page, type ListDeadLettersRequest } from '@fastgen/contracts';
import { RpcClient } from '@fastgen/platform';
import { AdminGuard } from '../system/admin.guard';
import { errorSchema, openApi } from '../common/openapi';
import type { PageOf } from '../common/list';
import { scopedQuery } from '../logs/scoped-query';
import { DEAD_LETTER_EXAMPLE } from '../logs/logs.examples';

@ApiTags('admin')
@ApiBearerAuth('admin')
@UseGuards(AdminGuard)
@ApiResponse({ ...errorSchema(401, 'unauthorized', 'a valid admin token is required (Authorization: Bearer <ADMIN_TOKEN>)'), description: 'Missing or wrong ADMIN_TOKEN.' })
@Controller('v1/admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Every dead letter (records a service refused for good), newest first, including those that name no project.' })
  @ApiQuery({ name: 'project_id', required: false, schema: { type: 'string', format: 'uuid' } })
  @ApiQuery({ name: 'reason', required: false, enum: DEAD_LETTER_REASONS })
  @ApiQuery({ name: 'since', required: false, description: 'Inclusive lower bound, RFC 3339.', schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'until', required: false, description: 'Exclusive upper bound, RFC 3339.', schema: { type: 'string', format: 'date-time' } })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } })
  @ApiQuery({ name: 'cursor', required: false })
  @ApiOkResponse({ description: 'One page of dead letters.', schema: { ...openApi(Page(DeadLetterView)), example: { data: [DEAD_LETTER_EXAMPLE], next_cursor: null } } })
  list(@Query() query: Record<string, unknown>): Promise<PageOf<DeadLetterView>> {
    return this.rpc.send(LOG_RPC.listDeadLetters, scopedQuery<ListDeadLettersRequest>(LOG_RPC.listDeadLetters.request, {}, query, ['limit']));
  }
}
