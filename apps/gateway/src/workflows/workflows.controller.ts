import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { EVENT_NAME_PATTERN, TOPICS, type WorkflowRequest } from '@fastgen/contracts';
import { ServiceError } from '@fastgen/platform';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { rateLimitedResponse } from '../common/openapi';
import { AcceptedMessageDto } from '../events/dto/publish-event.dto';
import { MessagePublisher } from '../events/message-publisher';
import { Admission } from '../admission/admission';

const ROUTE = new RegExp(EVENT_NAME_PATTERN);

@ApiTags('workflows')
@ApiKeyAuth()
@Controller('v1/workflows')
export class WorkflowsController {
  constructor(
    private readonly publisher: MessagePublisher,
    private readonly admission: Admission,
  ) {}

  @Post(':route')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Call a workflow route',
    description: 'The body goes to the workflow runners over Kafka; the runner publishes its result event with the returned id, delivered like any event.',
  })
  @ApiParam({ name: 'route', example: 'cv-score', schema: { type: 'string', pattern: EVENT_NAME_PATTERN } })
  @ApiBody({ schema: { type: 'object', description: 'Any JSON object; passed to the runner as is.', example: { candidate_id: 'c-1', cv_text: '...' } } })
  @ApiAcceptedResponse({ type: AcceptedMessageDto })
  @ApiResponse(rateLimitedResponse())
  async call(@Caller() caller: CallerScope, @Param('route') route: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<AcceptedMessageDto> {
    if (!ROUTE.test(route)) throw ServiceError.invalid([{ field: 'route', message: `must match ${EVENT_NAME_PATTERN}` }], 'path');
    // The spec requires a JSON object (what runners read fields from); anything else is a 400.
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw ServiceError.invalid([{ field: 'body', message: 'is required and must be a JSON object' }], 'request body');
    }
    // A workflow call becomes an event: it counts against the same admission limits.
    await this.admission.admit(caller);
    const id = randomUUID();
    const request: WorkflowRequest = { id, ...caller, route, body: body ?? null, received_at: new Date().toISOString() };
    await this.publisher.publish(TOPICS.gateway.workflowRequests, { key: id, value: request });
    req.trace = { ...(req.trace ?? {}), message_id: id };
    return { webhook_message_id: id };
  }
}
