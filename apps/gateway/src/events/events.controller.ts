import { Body, Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiHeader, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { errorSchema, openApi, rateLimitedResponse } from '../common/openapi';
import { AcceptedMessageDto, PublishEventBody } from './dto/publish-event.dto';
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
  @ApiBody({ schema: openApi(PublishEventBody.schema) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, schema: { type: 'string', minLength: 1, maxLength: 255 }, description: 'The same key within 24 h returns the same webhook_message_id and delivers once.' })
  @ApiAcceptedResponse({ type: AcceptedMessageDto, description: 'Durably stored in Kafka; every subscribed endpoint will receive it.' })
  @ApiResponse({ ...errorSchema(400, 'invalid', 'invalid body: event must match pattern "^[a-z0-9][a-z0-9._-]{0,127}$"', [{ field: 'event', message: 'must match pattern "^[a-z0-9][a-z0-9._-]{0,127}$"' }]), description: 'Bad body, payload refused by the event type schema, or a bad Idempotency-Key.' })
  @ApiResponse({ ...errorSchema(413, 'payload_too_large', 'Request body is too large'), description: 'The body is larger than MAX_BODY_BYTES.' })
  @ApiResponse({ ...errorSchema(422, 'unprocessable', 'this Idempotency-Key was already used with a different request body within 24 h'), description: 'The Idempotency-Key was used with another body within 24 h.' })
  @ApiResponse(rateLimitedResponse())
  @ApiResponse({ ...errorSchema(503, 'unavailable', 'the broker is unavailable; retry later'), description: 'Not stored: Kafka (or the idempotency store) is unavailable; retry after `Retry-After` seconds with the same Idempotency-Key.' })
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
