import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from '../validation';
import { EventName, Scope, Timestamp, Uuid } from '../common';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../messages/dispatcher';
import { DEAD_LETTER_REASONS } from '../messages/message';
import type { RpcSpec } from './rpc';

// Request-reply patterns answered by apps/log (log queries). Every request carries the caller's
// project + environment; nothing outside that scope is ever returned.

const Limit = Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'Page size (1-100, default 50).' });
const Cursor = Type.String({ minLength: 1, maxLength: 200, description: 'Opaque; the next_cursor of the previous page.' });
const HttpStatus = (description: string) => Type.Integer({ minimum: 100, maximum: 599, description });
// A plain enum (not a union of literals) so a bad value gets one error naming the field.
const DeliveryStatusSchema = Type.Unsafe<DeliveryStatus>({ type: 'string', enum: [...DELIVERY_STATUSES], description: 'pending, succeeded, retrying or failed' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([Type.Null(), t]);

/** A time window and a page of a keyset-paged list. */
const pageWindow = (of: string) => ({
  since: Type.Optional(Timestamp(`Inclusive lower bound${of} (RFC 3339).`)),
  until: Type.Optional(Timestamp(`Exclusive upper bound${of} (RFC 3339).`)),
  limit: Type.Optional(Limit),
  cursor: Type.Optional(Cursor),
});

const page = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Type.Object({ data: Type.Array(item), next_cursor: Nullable(Type.String()) }, { additionalProperties: false });

export const IncomingRequestView = Type.Object(
  {
    id: Uuid(),
    received_at: Timestamp(),
    method: Type.String(),
    path: Type.String(),
    status: Type.Integer(),
    duration_ms: Type.Number(),
    message_id: Nullable(Uuid()),
    idempotency_key: Nullable(Type.String()),
    headers: Type.Record(Type.String(), Type.String()),
    body_excerpt: Type.String(),
    source_ip: Nullable(Type.String()),
    repeated: Type.Integer({
      minimum: 0,
      description:
        'How many more requests this row stands for: a project environment\'s refusals (429) beyond the first few of a second are logged as one row, the latest of them, counting the others. 0 for every other row.',
    }),
  },
  { additionalProperties: false },
);
export type IncomingRequestView = Static<typeof IncomingRequestView>;

export const DeliveryView = Type.Object(
  {
    id: Uuid(),
    message_id: Uuid(),
    endpoint_id: Uuid(),
    event: Type.String(),
    status: DeliveryStatusSchema,
    attempts: Type.Integer({ description: 'Number of attempts so far.' }),
    next_attempt_at: Nullable(Timestamp()),
    last_response_status: Nullable(Type.Integer()),
    last_attempt_at: Timestamp(),
    created_at: Timestamp(),
    updated_at: Timestamp(),
  },
  { additionalProperties: false },
);
export type DeliveryView = Static<typeof DeliveryView>;

export const AttemptView = Type.Object(
  {
    id: Uuid(),
    attempt_number: Type.Integer(),
    trigger: Type.Union([Type.Literal('scheduled'), Type.Literal('manual')]),
    started_at: Timestamp(),
    duration_ms: Type.Number(),
    url: Type.String(),
    request_headers: Type.Record(Type.String(), Type.String(), { description: 'Signature headers redacted.' }),
    response_status: Nullable(Type.Integer()),
    response_headers: Type.Record(Type.String(), Type.String()),
    response_body: Type.String({ description: 'At most 4 KiB.' }),
    error: Nullable(Type.String()),
    succeeded: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type AttemptView = Static<typeof AttemptView>;

export const MessageDetailView = Type.Object(
  {
    id: Uuid(),
    event: Type.String(),
    payload: Type.Unknown({ description: 'Null when only the deliveries were recorded so far.' }),
    created_at: Timestamp(),
    source: Nullable(Type.String()),
    deliveries: Type.Array(
      Type.Object(
        {
          ...DeliveryView.properties,
          attempts: Type.Array(AttemptView),
          attempt_count: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type MessageDetailView = Static<typeof MessageDetailView>;

export const STATS_BUCKETS = { '1m': 60, '5m': 300, '15m': 900, '1h': 3600, '6h': 21600, '1d': 86400 } as const;
export type StatsBucket = keyof typeof STATS_BUCKETS;

export const ListIncomingRequest = defineContract(
  'LogListIncomingRequest',
  Type.Object(
    {
      ...Scope,
      status: Type.Optional(HttpStatus('HTTP status the API answered.')),
      message_id: Type.Optional(Uuid()),
      ...pageWindow(''),
    },
    { additionalProperties: false },
  ),
);
export type ListIncomingRequest = Static<typeof ListIncomingRequest.schema>;

export const ListDeliveriesRequest = defineContract(
  'LogListDeliveriesRequest',
  Type.Object(
    {
      ...Scope,
      status: Type.Optional(DeliveryStatusSchema),
      event: Type.Optional(EventName()),
      endpoint_id: Type.Optional(Uuid()),
      message_id: Type.Optional(Uuid()),
      since: Type.Optional(Timestamp('Inclusive lower bound on the delivery creation time (RFC 3339).')),
      until: Type.Optional(Timestamp('Exclusive upper bound on the delivery creation time (RFC 3339).')),
      response_status: Type.Optional(HttpStatus('HTTP status of the latest attempt.')),
      limit: Type.Optional(Limit),
      cursor: Type.Optional(Cursor),
    },
    { additionalProperties: false },
  ),
);
export type ListDeliveriesRequest = Static<typeof ListDeliveriesRequest.schema>;

export const StatsRequest = defineContract(
  'LogStatsRequest',
  Type.Object(
    {
      ...Scope,
      since: Type.Optional(Timestamp('Default: until minus 24 hours.')),
      until: Type.Optional(Timestamp('Default: now.')),
      bucket: Type.Optional(Type.Unsafe<StatsBucket>({ type: 'string', enum: Object.keys(STATS_BUCKETS), description: 'Bucket size: 1m, 5m, 15m, 1h (default), 6h or 1d.' })),
      endpoint_id: Type.Optional(Uuid()),
      event: Type.Optional(EventName()),
    },
    { additionalProperties: false },
  ),
);
export type StatsRequest = Static<typeof StatsRequest.schema>;

export const StatsView = Type.Object(
  {
    since: Timestamp(),
    until: Timestamp(),
    bucket: Type.String(),
    data: Type.Array(
      Type.Object(
        {
          start: Timestamp(),
          pending: Type.Integer(),
          succeeded: Type.Integer(),
          retrying: Type.Integer(),
          failed: Type.Integer(),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type StatsView = Static<typeof StatsView>;

export const RetryTargetRequest = defineContract(
  'LogRetryTargetRequest',
  Type.Object(
    {
      ...Scope,
      message_id: Type.Optional(Uuid()),
      delivery_id: Type.Optional(Uuid()),
    },
    { additionalProperties: false },
  ),
);
export type RetryTargetRequest = Static<typeof RetryTargetRequest.schema>;

export const RetryTargetView = Type.Object(
  {
    message_id: Uuid(),
    event: EventName(),
    payload: Type.Unknown(),
    created_at: Timestamp(),
    endpoint_ids: Type.Array(Uuid(), { minItems: 1 }),
  },
  { additionalProperties: false },
);
export type RetryTargetView = Static<typeof RetryTargetView>;

export const DeadLetterView = Type.Object(
  {
    id: Uuid(),
    topic: Type.String({ description: 'Topic the refused record came from.' }),
    partition: Type.Integer(),
    offset: Type.String(),
    key: Nullable(Type.String()),
    value: Nullable(Type.String({ description: 'The record as it was on the topic, as text.' })),
    reason: Type.String({ description: 'invalid, data_error, constraint, unserializable or refused.' }),
    errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }, { additionalProperties: false })),
    consumer: Type.String({ description: 'The service that refused it.' }),
    project_id: Nullable(Uuid('The project the record names, if any.')),
    failed_at: Timestamp(),
  },
  { additionalProperties: false },
);
export type DeadLetterView = Static<typeof DeadLetterView>;

export const ListDeadLettersRequest = defineContract(
  'LogListDeadLettersRequest',
  Type.Object(
    {
      project_id: Type.Optional(Uuid('Only this project\'s dead letters; absent (admins only): every dead letter.')),
      reason: Type.Optional(Type.String({ enum: [...DEAD_LETTER_REASONS], description: 'invalid, data_error, constraint, unserializable or refused.' })),
      ...pageWindow(' on failed_at'),
    },
    { additionalProperties: false },
  ),
);
export type ListDeadLettersRequest = Static<typeof ListDeadLettersRequest.schema>;

export const EndpointHealthRequest = defineContract(
  'LogEndpointHealthRequest',
  Type.Object(
    {
      ...Scope,
      since: Type.Optional(Timestamp('Default: 24 hours ago.')),
    },
    { additionalProperties: false },
  ),
);
export type EndpointHealthRequest = Static<typeof EndpointHealthRequest.schema>;

export const EndpointHealthView = Type.Object(
  {
    endpoint_id: Uuid(),
    attempts: Type.Integer({ description: 'Attempts since `since`.' }),
    succeeded: Type.Integer({ description: 'Of which succeeded (2xx).' }),
    success_rate: Nullable(Type.Number({ minimum: 0, maximum: 1, description: 'succeeded / attempts; null without attempts.' })),
    last_attempt_at: Nullable(Timestamp()),
    last_response_status: Nullable(Type.Integer()),
    last_succeeded: Nullable(Type.Boolean()),
    last_error: Nullable(Type.String()),
  },
  { additionalProperties: false },
);
export type EndpointHealthView = Static<typeof EndpointHealthView>;

export const EndpointHealthList = Type.Object({ since: Timestamp(), data: Type.Array(EndpointHealthView) }, { additionalProperties: false });
export type EndpointHealthList = Static<typeof EndpointHealthList>;

export const LOG_RPC = {
  listDeadLetters: {
    pattern: 'log.list-dead-letters.v1',
    request: ListDeadLettersRequest,
    response: defineContract('LogListDeadLettersResponse', page(DeadLetterView)),
  },
  listIncoming: {
    pattern: 'log.list-incoming.v1',
    request: ListIncomingRequest,
    response: defineContract('LogListIncomingResponse', page(IncomingRequestView)),
  },
  listDeliveries: {
    pattern: 'log.list-deliveries.v1',
    request: ListDeliveriesRequest,
    response: defineContract('LogListDeliveriesResponse', page(DeliveryView)),
  },
  messageDetail: {
    pattern: 'log.message-detail.v1',
    request: defineContract('LogMessageDetailRequest', Type.Object({ ...Scope, message_id: Uuid() }, { additionalProperties: false })),
    response: defineContract('LogMessageDetailResponse', MessageDetailView),
  },
  stats: {
    pattern: 'log.delivery-stats.v1',
    request: StatsRequest,
    response: defineContract('LogStatsResponse', StatsView),
  },
  retryTarget: {
    pattern: 'log.retry-target.v1',
    request: RetryTargetRequest,
    response: defineContract('LogRetryTargetResponse', RetryTargetView),
  },
  endpointHealth: {
    pattern: 'log.endpoint-health.v1',
    request: EndpointHealthRequest,
    response: defineContract('LogEndpointHealthResponse', EndpointHealthList),
  },
} as const satisfies Record<string, RpcSpec>;
