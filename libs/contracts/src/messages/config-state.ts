import { Type, type Static } from '@sinclair/typebox';
import { defineContract } from '../validation';
import { EnvironmentSchema, EventName, Scope, Timestamp, Uuid } from '../common';
import { ProjectLimits } from '../api/config-api';

// State records on compacted topics: the latest value per key is the truth, a null value
// (tombstone) means deleted. The gateway and the dispatcher build their local views from these.

export const SealedSecret = Type.Object(
  {
    sealed: Type.String({ description: 'The whsec_ secret encrypted with the master key (see libs/signing secret-box).' }),
    expires_at: Type.Union([Type.Null(), Timestamp()], { description: 'Null for the current secret; when a rotated-out secret stops signing.' }),
  },
  { additionalProperties: false },
);

export const EndpointState = defineContract(
  'EndpointState',
  Type.Object(
    {
      id: Uuid(),
      ...Scope,
      url: Type.String(),
      description: Type.String(),
      event_types: Type.Array(EventName(), { description: 'Events delivered to this endpoint; empty means all.' }),
      enabled: Type.Boolean(),
      disabled_reason: Type.Union([Type.Null(), Type.String()]),
      headers: Type.Record(Type.String(), Type.String()),
      rate_limit: Type.Union([Type.Null(), Type.Integer({ minimum: 1 })], { description: 'Deliveries per second; null = unlimited.' }),
      secrets: Type.Array(SealedSecret, { description: 'Active signing secrets, newest first.' }),
      created_at: Timestamp(),
      updated_at: Timestamp(),
      version: Type.Integer({ minimum: 1, description: 'Increases on every change; consumers ignore older versions.' }),
    },
    { additionalProperties: false },
  ),
);
export type EndpointState = Static<typeof EndpointState.schema>;

export const ApiKeyState = defineContract(
  'ApiKeyState',
  Type.Object(
    {
      id: Uuid(),
      ...Scope,
      key_hash: Type.String({ description: 'Lowercase hex SHA-256 of the whole key.' }),
      prefix: Type.String({ description: 'The first characters of the key, for display.' }),
      revoked_at: Type.Union([Type.Null(), Timestamp()]),
      created_at: Timestamp(),
    },
    { additionalProperties: false },
  ),
);
export type ApiKeyState = Static<typeof ApiKeyState.schema>;

export const EventTypeState = defineContract(
  'EventTypeState',
  Type.Object(
    {
      id: Uuid(),
      ...Scope,
      name: EventName(),
      description: Type.String(),
      schema: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())], { description: 'JSON Schema of the payload.' }),
      created_at: Timestamp(),
      updated_at: Timestamp(),
    },
    { additionalProperties: false },
  ),
);
export type EventTypeState = Static<typeof EventTypeState.schema>;

export const ProjectState = defineContract(
  'ProjectState',
  Type.Object(
    {
      id: Uuid(),
      name: Type.String(),
      limits: ProjectLimits,
      created_at: Timestamp(),
      updated_at: Timestamp(),
    },
    { additionalProperties: false },
  ),
);
export type ProjectState = Static<typeof ProjectState.schema>;

// Published by the dispatcher: how many deliveries of one project environment wait, so the gateway
// can refuse new events (429) from a tenant whose backlog is over its quota without asking anyone.
export const ProjectBacklog = defineContract(
  'ProjectBacklog',
  Type.Object(
    {
      project_id: Uuid(),
      environment: EnvironmentSchema,
      pending: Type.Integer({ minimum: 0, description: 'Deliveries pending or retrying.' }),
      measured_at: Timestamp(),
    },
    { additionalProperties: false },
  ),
);
export type ProjectBacklog = Static<typeof ProjectBacklog.schema>;
