import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from '../validation';
import { EventName, Scope, Timestamp, Uuid } from '../common';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'retrying', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

// The outcome of one HTTP attempt, and the state of its delivery after it; the log records both.
export const AttemptOutcome = defineContract(
  'AttemptOutcome',
  Type.Object(
    {
      id: Uuid('Attempt id; a replayed record with the same id is ignored.'),
      delivery_id: Uuid('Delivery = message x endpoint; stable across retries and restarts.'),
      message_id: Uuid(),
      endpoint_id: Uuid(),
      ...Scope,
      event: EventName(),
      attempt_number: Type.Integer({ minimum: 1 }),
      trigger: Type.Union([Type.Literal('scheduled'), Type.Literal('manual')]),
      started_at: Timestamp(),
      duration_ms: Type.Number(),
      url: Type.String(),
      request_headers: Type.Record(Type.String(), Type.String(), { description: 'Signature values redacted.' }),
      response_status: Type.Union([Type.Null(), Type.Integer()]),
      response_headers: Type.Record(Type.String(), Type.String()),
      response_body: Type.String({ description: 'At most 4 KiB.' }),
      error: Type.Union([Type.Null(), Type.String()], { description: 'Timeout, connection error, refused address...' }),
      succeeded: Type.Boolean(),
      delivery_status: Type.Union(DELIVERY_STATUSES.map((s) => Type.Literal(s))),
      next_attempt_at: Type.Union([Type.Null(), Timestamp()]),
    },
    { additionalProperties: false },
  ),
);
export type AttemptOutcome = Static<typeof AttemptOutcome.schema>;

// A manual "deliver again now" from the API; carries the message so the dispatcher needs no lookup.
export const ManualDelivery = defineContract(
  'ManualDelivery',
  Type.Object(
    {
      request_id: Uuid(),
      message_id: Uuid(),
      ...Scope,
      event: EventName(),
      payload: Type.Unknown(),
      created_at: Timestamp('When the original message was accepted.'),
      endpoint_ids: Type.Array(Uuid(), { minItems: 1, description: 'Deliver to these endpoints.' }),
      requested_at: Timestamp(),
    },
    { additionalProperties: false },
  ),
);
export type ManualDelivery = Static<typeof ManualDelivery.schema>;

// The dispatcher asks config to disable an endpoint (410 Gone, or failing for too long).
export const EndpointDisableRequest = defineContract(
  'EndpointDisableRequest',
  Type.Object(
    {
      endpoint_id: Uuid(),
      ...Scope,
      reason: Type.String(),
      requested_at: Timestamp(),
    },
    { additionalProperties: false },
  ),
);
export type EndpointDisableRequest = Static<typeof EndpointDisableRequest.schema>;
