import { randomUUID } from 'node:crypto';
import { Controller, HttpCode, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiNotFoundResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ServiceError } from '@fastgen/platform';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { GatewayEndpointsView } from '../endpoints-view/endpoints-view.service';
import { AcceptedMessageDto } from '../events/dto/publish-event.dto';
import { EventsService } from '../events/events.service';

export const TEST_EVENT = 'webhook.test';

@ApiTags('endpoints')
@ApiKeyAuth()
@Controller('v1/endpoints')
export class EndpointTestsController {
  constructor(
    private readonly endpoints: GatewayEndpointsView,
    private readonly events: EventsService,
  ) {}

  @Post(':id/test')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a webhook.test event to this endpoint only' })
  @ApiParam({ name: 'id', description: 'Endpoint id.', format: 'uuid' })
  @ApiAcceptedResponse({ type: AcceptedMessageDto })
  @ApiNotFoundResponse({ description: 'No such endpoint in this project + environment.' })
  async test(
    @Caller() caller: CallerScope,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => ServiceError.invalid([{ field: 'id', message: 'must be a UUID' }], 'path') })) id: string,
    @Req() req: FastifyRequest,
  ): Promise<AcceptedMessageDto> {
    const endpoint = await this.endpoints.find(caller, id);
    if (!endpoint) throw ServiceError.notFound('endpoint');
    const messageId = randomUUID();
    const payload = { endpoint_id: endpoint.id, message: 'This is a test event from Fastgen Webhooks.', sent_at: new Date().toISOString() };
    await this.events.send(caller, { event: TEST_EVENT, payload }, messageId, 'test', endpoint.id);
    req.trace = { ...(req.trace ?? {}), message_id: messageId };
    return { webhook_message_id: messageId };
  }
}
