import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Type, type Static } from '@sinclair/typebox';
import {
  CLI_LISTEN_ENDPOINT_ID,
  ListenAttemptReport,
  TOPICS,
  Uuid,
  type AttemptOutcome,
} from '@fastgen/contracts';
import { ApiKeyAuth, Caller, type CallerScope } from '../auth';
import { errorSchema, openApi } from '../common/openapi';
import { SchemaPipe } from '../common/schema.pipe';
import { MessagePublisher } from '../events/message-publisher';
import {
  PRODUCTION_REFUSED,
  StreamErrorCode,
  StreamException,
} from './stream.exception';

export const RecordedAttempt = Type.Object(
  { attempt_id: Uuid(), delivery_id: Uuid(), endpoint_id: Uuid() },
  { additionalProperties: false },
);
export type RecordedAttempt = Static<typeof RecordedAttempt>;

@ApiTags('stream')
@ApiKeyAuth()
@Controller('v1/listen')
export class ListenController {
  constructor(private readonly publisher: MessagePublisher) {}

  @Post('attempts')
  @HttpCode(202)
  @ApiOperation({
    summary:
      'Record one forward of `fastgen listen` in the delivery log (development keys only).',
    description: `Logged as a one-attempt delivery of the "CLI listen session" pseudo-endpoint ${CLI_LISTEN_ENDPOINT_ID}, on the attempts topic the log consumes.`,
  })
  @ApiBody({ schema: openApi(ListenAttemptReport.schema) })
  @ApiResponse({
    status: 202,
    description: 'Published; it shows in the delivery log within moments.',
    schema: openApi(RecordedAttempt),
  })
  @ApiResponse({
    ...errorSchema(
      400,
      'invalid',
      'invalid request body: started_at must match format "date-time"',
    ),
    description: 'A bad field, named.',
  })
  @ApiResponse({
    ...errorSchema(403, 'forbidden', PRODUCTION_REFUSED),
    description: 'A production key.',
  })
  async record(
    @Caller() caller: CallerScope,
    @Body(new SchemaPipe(ListenAttemptReport.schema)) body: ListenAttemptReport,
  ): Promise<RecordedAttempt> {
    if (caller.environment === 'production')
      throw new StreamException(
        StreamErrorCode.PRODUCTION_KEY,
        PRODUCTION_REFUSED,
      );
    const succeeded =
      body.response_status !== null &&
      body.response_status >= 200 &&
      body.response_status < 300;
    // Ids are the gateway's own: a client never chooses which log rows it writes.
    const attempt: AttemptOutcome = {
      id: randomUUID(),
      delivery_id: randomUUID(),
      message_id: body.message_id,
      endpoint_id: CLI_LISTEN_ENDPOINT_ID,
      project_id: caller.project_id,
      environment: caller.environment,
      event: body.event,
      attempt_number: 1,
      trigger: 'scheduled',
      started_at: body.started_at,
      duration_ms: body.duration_ms,
      url: body.url,
      request_headers: body.request_headers,
      response_status: body.response_status,
      response_headers: {},
      response_body: body.response_body,
      error: body.error,
      succeeded,
      delivery_status: succeeded ? 'succeeded' : 'failed',
      next_attempt_at: null,
    };
    await this.publisher.publish(TOPICS.dispatcher.attempts, {
      key: attempt.message_id,
      value: attempt,
    });
    return {
      attempt_id: attempt.id,
      delivery_id: attempt.delivery_id,
      endpoint_id: CLI_LISTEN_ENDPOINT_ID,
    };
  }
}
