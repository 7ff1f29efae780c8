import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from '../validation';
import { EventName, Timestamp, Uuid } from '../common';
import { AttemptOutcome } from '../messages/dispatcher';

// The live stream of one project + environment (GET /v1/stream, Server-Sent Events): what
// `fastgen listen` forwards and what the dashboard's live tail shows.

/** SSE event names of the stream. */
export const STREAM_KINDS = ['message', 'attempt'] as const;
export type StreamKind = (typeof STREAM_KINDS)[number];

/** `event: message`: a message accepted for delivery, with what an endpoint's body is made of. */
export const StreamMessage = Type.Object(
  {
    id: Uuid('The webhook_message_id (webhook-id of the forwarded request).'),
    event: EventName(),
    payload: Type.Unknown(),
    created_at: Timestamp(),
    source: Type.String(),
  },
  { additionalProperties: false },
);
export type StreamMessage = Static<typeof StreamMessage>;

/** `event: attempt`: one delivery attempt, as the delivery log records it (headers left out). */
export const StreamAttempt = Type.Object(
  {
    id: Uuid(),
    delivery_id: Uuid(),
    message_id: Uuid(),
    endpoint_id: Uuid(),
    event: EventName(),
    attempt_number: Type.Integer(),
    started_at: Timestamp(),
    duration_ms: Type.Number(),
    url: Type.String(),
    response_status: Type.Union([Type.Null(), Type.Integer()]),
    error: Type.Union([Type.Null(), Type.String()]),
    succeeded: Type.Boolean(),
    delivery_status: AttemptOutcome.schema.properties.delivery_status,
    next_attempt_at: Type.Union([Type.Null(), Timestamp()]),
  },
  { additionalProperties: false },
);
export type StreamAttempt = Static<typeof StreamAttempt>;

/**
 * The pseudo-endpoint that `fastgen listen` forwards are logged under, in every project +
 * environment (log queries are always scoped, so one well-known id serves them all).
 */
export const CLI_LISTEN_ENDPOINT_ID = '00000000-0000-4000-8000-0000000c11e0';

/** POST /v1/listen/attempts: the outcome of one forward by `fastgen listen`, for the delivery log. */
export const ListenAttemptReport = defineContract(
  'ListenAttemptReport',
  Type.Object(
    {
      message_id: Uuid('The forwarded message.'),
      event: EventName(),
      url: Type.String({
        minLength: 1,
        maxLength: 2048,
        description: 'Where the CLI forwarded it (--forward-to).',
      }),
      started_at: Timestamp(),
      duration_ms: Type.Number({ minimum: 0, maximum: 3_600_000 }),
      request_headers: Type.Record(
        Type.String({ maxLength: 256 }),
        Type.String({ maxLength: 8192 }),
        {
          maxProperties: 64,
          description:
            'Headers sent; signature values are redacted before they are logged.',
        },
      ),
      response_status: Type.Union([
        Type.Null(),
        Type.Integer({ minimum: 100, maximum: 599 }),
      ]),
      response_body: Type.String({
        maxLength: 4096,
        description: 'At most 4 KiB.',
      }),
      error: Type.Union([Type.Null(), Type.String({ maxLength: 1024 })], {
        description: 'Connection refused, timeout...',
      }),
    },
    { additionalProperties: false },
  ),
);
export type ListenAttemptReport = Static<typeof ListenAttemptReport.schema>;
