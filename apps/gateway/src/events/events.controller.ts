import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiResponse, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { rateLimitedResponse } from '../common/openapi';
import { AcceptedMessageDto, PublishEventDto } from './dto/publish-event.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@ApiKeyAuth()
@Controller('v1/events')
export class EventsController {
  constructor(private readonly events: EventsService) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send an event to every subscribed endpoint',
    description: '202 only once the message is durably stored in Kafka. 400 names the bad field; 413 over the body limit; 422 when the Idempotency-Key was used with another body; 429 (Retry-After) when the project environment is over its rate or backlog quota; 503 (Retry-After) when the broker is unavailable.',
  })
  @ApiBody({ type: PublishEventDto })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'The same key within 24 h returns the same webhook_message_id and delivers once.' })
  @ApiAcceptedResponse({ type: AcceptedMessageDto })
  @ApiResponse(rateLimitedResponse())
  async publish(
    @Caller() caller: CallerScope,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: FastifyRequest,
  ): Promise<AcceptedMessageDto> {
    const id = await this.events.publish(caller, body, idempotencyKey);
    req.trace = { ...(req.trace ?? {}), message_id: id };
    return { webhook_message_id: id };
  }
}
