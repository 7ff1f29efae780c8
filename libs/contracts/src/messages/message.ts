import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from '../validation';
import { EventName, Scope, Timestamp, Uuid } from '../common';

// A message to deliver: what the gateway, workflow runners and internal teams publish.
export const WebhookMessage = defineContract(
  'WebhookMessage',
  Type.Object(
    {
      id: Uuid('The webhook_message_id; every endpoint and every retry carries it.'),
      ...Scope,
      event: EventName(),
      payload: Type.Unknown({ description: 'Any JSON value; delivered as is.' }),
      created_at: Timestamp('When the message was accepted.'),
      source: Type.Union([Type.Literal('api'), Type.Literal('workflow'), Type.Literal('kafka'), Type.Literal('test')], {
        description: 'Who produced it: the REST API, a workflow runner, an internal team over Kafka, or an endpoint test.',
      }),
      endpoint_id: Type.Optional(Uuid('Deliver to this endpoint only (endpoint tests).')),
    },
    { additionalProperties: false },
  ),
);
export type WebhookMessage = Static<typeof WebhookMessage.schema>;

/** Why a record was dead-lettered (a low-cardinality label for metrics and queries). */
export const DEAD_LETTER_REASONS = ['invalid', 'data_error', 'constraint', 'unserializable', 'refused'] as const;
export type DeadLetterReason = (typeof DEAD_LETTER_REASONS)[number];

// A record a consumer can never handle (invalid on receipt, or refused by its store for good),
// parked with the reason so that it never blocks a partition.
export const DeadLetter = defineContract(
  'DeadLetter',
  Type.Object(
    {
      topic: Type.String({ description: 'Topic the record came from.' }),
      partition: Type.Integer(),
      offset: Type.String(),
      key: Type.Union([Type.String(), Type.Null()]),
      value: Type.Union([Type.String(), Type.Null()], { description: 'The raw value, as text.' }),
      errors: Type.Array(Type.Object({ field: Type.String(), message: Type.String() })),
      reason: Type.Optional(
        Type.Union(
          DEAD_LETTER_REASONS.map((r) => Type.Literal(r)),
          {
            description:
              'invalid: not JSON, too deep, or refused by the contract; data_error / constraint: the database refused the value for good; unserializable: the value cannot be written at all; refused: the consumer refused it.',
          },
        ),
      ),
      project_id: Type.Optional(Type.Union([Uuid('Project the record names, when it names one.'), Type.Null()])),
      consumer: Type.String({ description: 'Service that rejected it.' }),
      failed_at: Timestamp(),
    },
    { additionalProperties: false },
  ),
);
export type DeadLetter = Static<typeof DeadLetter.schema>;
