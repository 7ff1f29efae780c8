import { Controller, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { MessageDetailView } from '@fastgen/contracts';
import { openApi } from '../common/openapi';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { uuidParam } from '../logs/scoped-query';
import { ATTEMPT_EXAMPLE, DELIVERY_EXAMPLE } from '../logs/logs.examples';
import { MessagesService, RetryAccepted } from './messages.service';

const RETRY_EXAMPLE = {
  request_id: '4d3c2b1a-0f9e-4d8c-b7a6-958473625140',
  message_id: '9bde801d-bb41-417b-aaa6-50f7438085aa',
  endpoint_ids: ['5f0c7e1e-2a5b-4c8e-8d7e-0a3f9f3c2b11'],
  requested_at: '2026-01-05T10:10:00.000Z',
};

@ApiTags('messages')
@ApiUnauthorizedResponse({ description: 'Missing or unknown API key.' })
@ApiBadRequestResponse({ description: 'The id is not a UUID.' })
@ApiNotFoundResponse({ description: 'No such message or delivery in this project + environment.' })
@ApiKeyAuth()
@Controller('v1')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get('messages/:id')
  @ApiOperation({ summary: 'The message, its deliveries and every attempt (signature headers redacted, response bodies up to 4 KiB).' })
  @ApiParam({ name: 'id', description: 'The webhook_message_id.', format: 'uuid' })
  @ApiOkResponse({
    description: 'The message with its deliveries and attempts.',
    schema: {
      ...openApi(MessageDetailView),
      example: {
        id: '9bde801d-bb41-417b-aaa6-50f7438085aa',
        event: 'cv-score-finished',
        payload: { candidate: 'c-42', score: 0.92 },
        created_at: '2026-01-05T10:00:00.100Z',
        source: 'api',
        deliveries: [{ ...DELIVERY_EXAMPLE, attempts: [ATTEMPT_EXAMPLE], attempt_count: 1 }],
      },
    },
  })
  detail(@Caller() caller: CallerScope, @Param('id') id: string, @Req() req: FastifyRequest): Promise<MessageDetailView> {
    const messageId = uuidParam(id);
    req.trace = { ...(req.trace ?? {}), message_id: messageId };
    return this.messages.detail(caller, messageId);
  }

  @Post('messages/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: 'Deliver the message again now to every endpoint it was delivered to (manual attempts).' })
  @ApiParam({ name: 'id', description: 'The webhook_message_id.', format: 'uuid' })
  @ApiAcceptedResponse({ description: 'The retry is queued for the dispatcher.', schema: { ...openApi(RetryAccepted), example: RETRY_EXAMPLE } })
  @ApiConflictResponse({ description: 'The message has no delivery yet, or is not recorded yet.' })
  retryMessage(@Caller() caller: CallerScope, @Param('id') id: string, @Req() req: FastifyRequest): Promise<RetryAccepted> {
    const messageId = uuidParam(id);
    req.trace = { ...(req.trace ?? {}), message_id: messageId };
    return this.messages.retry(caller, { message_id: messageId });
  }

  @Post('deliveries/:id/retry')
  @HttpCode(202)
  @ApiOperation({ summary: "Deliver again now to this delivery's endpoint only (a manual attempt)." })
  @ApiParam({ name: 'id', description: 'The delivery id.', format: 'uuid' })
  @ApiAcceptedResponse({ description: 'The retry is queued for the dispatcher.', schema: { ...openApi(RetryAccepted), example: RETRY_EXAMPLE } })
  @ApiConflictResponse({ description: 'The delivery is not recorded yet.' })
  async retryDelivery(@Caller() caller: CallerScope, @Param('id') id: string, @Req() req: FastifyRequest): Promise<RetryAccepted> {
    const accepted = await this.messages.retry(caller, { delivery_id: uuidParam(id) });
    req.trace = { ...(req.trace ?? {}), message_id: accepted.message_id };
    return accepted;
  }
}
