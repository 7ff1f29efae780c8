import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONFIG_RPC } from '@fastgen/contracts';
import { RpcClient } from '@fastgen/platform';
import { AdminGuard } from './admin.guard';

@ApiTags('admin')
@ApiBearerAuth('admin')
@UseGuards(AdminGuard)
@Controller('v1/admin/system')
export class SystemController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('ping')
  @ApiOperation({ summary: 'Round trip to the config service over Kafka request-reply (operators).' })
  @ApiOkResponse({
    description: 'The config service answered.',
    schema: {
      type: 'object',
      required: ['service', 'round_trip_ms'],
      additionalProperties: false,
      properties: { service: { type: 'string' }, round_trip_ms: { type: 'number', description: 'Milliseconds.' } },
      example: { service: 'config', round_trip_ms: 4.2 },
    },
  })
  async ping(): Promise<{ service: string; round_trip_ms: number }> {
    const started = performance.now();
    const reply = await this.rpc.send(CONFIG_RPC.ping, { sent_at: new Date().toISOString() });
    return { service: reply.service, round_trip_ms: Math.round((performance.now() - started) * 10) / 10 };
  }
}
