import { createHash } from 'node:crypto';
import {
  Controller,
  Get,
  Headers,
  Inject,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiHeader,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  EVENT_NAME_PATTERN,
  STREAM_KINDS,
  type StreamKind,
} from '@fastgen/contracts';
import { APP_ENV } from '@fastgen/platform';
import { ApiKeyAuth, ApiKeysView, Caller, type CallerScope } from '../auth';
import { errorSchema, openApi } from '../common/openapi';
import type { GatewayEnv } from '../gateway.env';
import {
  PRODUCTION_REFUSED,
  StreamErrorCode,
  StreamException,
} from './stream.exception';
import { StreamHub, type StreamFilter } from './stream-hub.service';
import { parseCursor, type Positions } from './stream-cursor';
import type { StreamEntry } from './replay-buffer';

// A client that reads slower than events arrive is cut off past this much unsent data; it
// reconnects with Last-Event-ID and gets the rest from the replay buffer.
const MAX_UNSENT_BYTES = 8 * 1024 * 1024;
const EVENT_NAME = new RegExp(EVENT_NAME_PATTERN);
const KEY_CHECK_MS = 500;

@ApiTags('stream')
@ApiKeyAuth()
@Controller('v1/stream')
export class StreamController {
  constructor(
    private readonly hub: StreamHub,
    private readonly keys: ApiKeysView,
    @Inject(APP_ENV) private readonly env: GatewayEnv,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Live stream of this environment (Server-Sent Events): messages and delivery attempts as they happen.',
    description:
      'What `fastgen listen` forwards (`event: message`, development keys only) and what the dashboard tails (`event: attempt`). ' +
      'Every event has an `id:`; reconnect with `Last-Event-ID` (or `?last_event_id=`) to get what was missed while it is still held. ' +
      'The first event is `ready` (its id is the starting position); `gap` says events after the given id are no longer held; `caught-up` follows the resent ones; `revoked` ends the stream of a key revoked meanwhile.',
  })
  @ApiProduces('text/event-stream')
  @ApiQuery({
    name: 'kinds',
    required: false,
    description: 'Comma-separated: message, attempt (default: message).',
    example: 'message,attempt',
  })
  @ApiQuery({
    name: 'events',
    required: false,
    description: 'Comma-separated event names (default: every event).',
    example: 'order.paid,cv-score-finished',
  })
  @ApiQuery({
    name: 'last_event_id',
    required: false,
    description:
      'Same as the Last-Event-ID header (for clients that cannot set headers).',
  })
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Resume after this event id.',
  })
  @ApiResponse({
    status: 200,
    description:
      '`event: message` data is a message; `event: attempt` data is an attempt.',
    // One Server-Sent Event per item: `data` is JSON, a message (event: message, the shape of
    // StreamMessage) or an attempt (event: attempt, StreamAttempt); ready, gap, caught-up and
    // revoked are control events.
    schema: {
      type: 'object',
      required: ['data'],
      properties: {
        event: { type: 'string', enum: ['message', 'attempt', 'ready', 'gap', 'caught-up', 'revoked'] },
        data: { type: 'string', description: 'JSON: StreamMessage, StreamAttempt, or a control event\'s object.' },
        id: { type: 'string', description: 'The stream position; send it back as Last-Event-ID to resume.' },
        retry: { type: 'integer' },
      },
    },
  })
  @ApiResponse({
    ...errorSchema(
      400,
      'invalid',
      'invalid query: kinds must be message or attempt',
    ),
    description: 'A bad kind, event name or Last-Event-ID.',
  })
  @ApiResponse({
    ...errorSchema(403, 'forbidden', PRODUCTION_REFUSED),
    description: 'Messages asked for with a production key.',
  })
  open(
    @Caller() caller: CallerScope,
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const filter = this.filterOf(caller, query);
    const resumeFrom =
      lastEventId ??
      (typeof query['last_event_id'] === 'string'
        ? query['last_event_id']
        : undefined);
    const after = this.cursorOf(resumeFrom);

    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    let open = true;
    const write = (text: string): void => {
      if (!open) return;
      raw.write(text);
      if (raw.writableLength > MAX_UNSENT_BYTES) close();
    };
    const send = (e: StreamEntry) =>
      write(`id: ${e.cursor}\nevent: ${e.kind}\ndata: ${e.data}\n\n`);
    const close = (): void => {
      if (!open) return;
      open = false;
      clearInterval(heartbeat);
      clearInterval(keyCheck);
      subscription.unsubscribe();
      raw.end();
    };
    const subscription = this.hub.subscribe({ filter, send }, after, close);
    const heartbeat = setInterval(
      () => write(': keep-alive\n\n'),
      this.env.STREAM_HEARTBEAT_MS,
    );
    req.raw.on('close', close);
    // A revoked key stops streaming as quickly as it stops being accepted (within a second).
    const keyHash = createHash('sha256')
      .update(
        /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1] ?? '',
        'utf8',
      )
      .digest('hex');
    const keyCheck = setInterval(() => {
      if (this.keys.findByHash(keyHash)) return;
      write(
        `event: revoked\ndata: ${JSON.stringify({ message: 'the API key was revoked' })}\n\n`,
      );
      close();
    }, KEY_CHECK_MS);

    write(
      // A resuming client keeps its own position until the replayed events move it on: were the
      // connection cut between this line and them, it would otherwise skip them.
      `retry: 1000\nid: ${after && resumeFrom ? resumeFrom : this.hub.cursor()}\nevent: ready\ndata: ${JSON.stringify({ environment: caller.environment, kinds: [...filter.kinds], events: [...filter.events] })}\n\n`,
    );
    if (subscription.replay.gap) {
      write(
        `event: gap\ndata: ${JSON.stringify({ message: 'some events after Last-Event-ID are no longer held by the gateway and were not resent' })}\n\n`,
      );
    }
    for (const e of subscription.replay.entries) send(e);
    // Then the client's position moves to the present (events of other environments included).
    if (after)
      write(`id: ${this.hub.cursor()}\nevent: caught-up\ndata: {}\n\n`);
  }

  private filterOf(
    caller: CallerScope,
    query: Record<string, unknown>,
  ): StreamFilter {
    for (const name of Object.keys(query)) {
      if (!['kinds', 'events', 'last_event_id'].includes(name))
        throw new StreamException(
          StreamErrorCode.INVALID_QUERY,
          `${name} is not a known parameter`,
          name,
        );
    }
    const list = (name: string): string[] => {
      const v = query[name];
      if (v === undefined || v === '') return [];
      if (typeof v !== 'string')
        throw new StreamException(
          StreamErrorCode.INVALID_QUERY,
          `${name} must be given once, comma-separated`,
          name,
        );
      return v.split(',').map((s) => s.trim());
    };
    const kinds = list('kinds');
    for (const k of kinds) {
      if (!(STREAM_KINDS as readonly string[]).includes(k))
        throw new StreamException(
          StreamErrorCode.INVALID_QUERY,
          `kinds must be among ${STREAM_KINDS.join(', ')}, not ${k}`,
          'kinds',
        );
    }
    const events = list('events');
    for (const e of events) {
      if (!EVENT_NAME.test(e))
        throw new StreamException(
          StreamErrorCode.INVALID_QUERY,
          `events: ${JSON.stringify(e)} is not an event name`,
          'events',
        );
    }
    const chosen = new Set<StreamKind>(
      kinds.length > 0 ? (kinds as StreamKind[]) : ['message'],
    );
    if (chosen.has('message') && caller.environment === 'production')
      throw new StreamException(
        StreamErrorCode.PRODUCTION_KEY,
        PRODUCTION_REFUSED,
      );
    return {
      scope: `${caller.project_id}:${caller.environment}`,
      kinds: chosen,
      events: new Set(events),
    };
  }

  private cursorOf(text: string | undefined): Positions | undefined {
    if (text === undefined || text === '') return undefined;
    const positions = parseCursor(text);
    if (!positions)
      throw new StreamException(
        StreamErrorCode.INVALID_CURSOR,
        'Last-Event-ID is not an event id sent by this stream',
        'last_event_id',
      );
    return positions;
  }
}
