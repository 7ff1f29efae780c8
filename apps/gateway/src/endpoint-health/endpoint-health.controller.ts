import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  EndpointHealthList,
  LOG_RPC,
  type EndpointHealthRequest,
} from '@fastgen/contracts';
import { RpcClient } from '@fastgen/platform';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { errorSchema, openApi } from '../common/openapi';
import { scopedQuery } from '../logs/scoped-query';

@ApiTags('endpoints')
@ApiKeyAuth()
@Controller('v1/endpoints/health')
export class EndpointHealthController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  @ApiOperation({
    summary:
      'Per endpoint: attempts, success rate and the latest attempt over the last 24 hours (whole hours).',
    description:
      'Endpoints without attempts in the window are absent. Served from an hourly rollup of the delivery log.',
  })
  @ApiQuery({
    name: 'since',
    required: false,
    description: 'RFC 3339; default: 24 hours ago.',
    schema: { type: 'string', format: 'date-time' },
  })
  @ApiResponse({
    status: 200,
    description: 'Health of every endpoint with attempts.',
    schema: openApi(EndpointHealthList),
  })
  @ApiResponse({
    ...errorSchema(
      400,
      'invalid',
      'invalid query: since must match format "date-time"',
    ),
    description: 'A bad parameter, named.',
  })
  health(
    @Caller() caller: CallerScope,
    @Query() query: Record<string, unknown>,
  ): Promise<EndpointHealthList> {
    return this.rpc.send(
      LOG_RPC.endpointHealth,
      scopedQuery<EndpointHealthRequest>(
        LOG_RPC.endpointHealth.request,
        caller,
        query,
      ),
    );
  }
}
