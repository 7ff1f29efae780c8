import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from '../validation';
import { EnvironmentSchema, Timestamp, Uuid } from '../common';

// One request received by the public API, for the incoming log.
export const IncomingRequest = defineContract(
  'IncomingRequest',
  Type.Object(
    {
      id: Uuid('Unique per request; the log ignores a repeat.'),
      project_id: Type.Union([Type.Null(), Uuid()], { description: 'Null when the request was not authenticated.' }),
      environment: Type.Union([Type.Null(), EnvironmentSchema]),
      received_at: Timestamp(),
      method: Type.String(),
      path: Type.String(),
      status: Type.Integer(),
      duration_ms: Type.Number(),
      message_id: Type.Union([Type.Null(), Uuid()], { description: 'The webhook_message_id the request produced, if any.' }),
      idempotency_key: Type.Union([Type.Null(), Type.String()]),
      headers: Type.Record(Type.String(), Type.String(), { description: 'Request headers, Authorization redacted.' }),
      body_excerpt: Type.String({ description: 'The first 4 KiB of the body.' }),
      source_ip: Type.Union([Type.Null(), Type.String()]),
      repeated: Type.Optional(
        Type.Integer({
          minimum: 0,
          description: 'Further requests of the same project environment refused (429) in the same second that this record stands for, not logged one by one.',
        }),
      ),
    },
    { additionalProperties: false },
  ),
);
export type IncomingRequest = Static<typeof IncomingRequest.schema>;

// A call of POST /v1/workflows/{route}, for the workflow runners.
export const WorkflowRequest = defineContract(
  'WorkflowRequest',
  Type.Object(
    {
      id: Uuid('The webhook_message_id the runner must publish its result event with.'),
      project_id: Uuid(),
      environment: EnvironmentSchema,
      route: Type.String({ pattern: '^[a-z0-9][a-z0-9._-]{0,127}$' }),
      body: Type.Unknown(),
      received_at: Timestamp(),
    },
    { additionalProperties: false },
  ),
);
export type WorkflowRequest = Static<typeof WorkflowRequest.schema>;
