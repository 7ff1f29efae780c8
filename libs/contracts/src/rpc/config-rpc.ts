import { Type, type TProperties, type TSchema } from '@sinclair/typebox';
import { defineContract } from '../validation';
import { EnvironmentSchema, Uuid } from '../common';
import {
  ApiKey,
  ApiKeyCreateBody,
  ApiKeyCreated,
  Deleted,
  Endpoint,
  EndpointCreateBody,
  EndpointSecret,
  EndpointUpdateBody,
  EventType,
  EventTypeCreateBody,
  EventTypeUpdateBody,
  ListQuery,
  Page,
  Project,
  ProjectCreateBody,
  ProjectUpdateBody,
} from '../api/config-api';
import type { RpcSpec } from './rpc';

const obj = <P extends TProperties>(props: P) => Type.Object(props, { additionalProperties: false });
// Tenant-scoped requests carry the caller's project + environment (from its API key).
const scoped = <P extends TProperties>(props: P) => obj({ project_id: Uuid(), environment: EnvironmentSchema, ...props });
// Path ids are checked by config (an id that is not a UUID is simply not found).
const PathId = Type.String({ maxLength: 200 });

const spec = <Req extends TSchema, Res extends TSchema>(pattern: string, name: string, request: Req, response: Res) => ({
  pattern,
  request: defineContract(`${name}Request`, request),
  response: defineContract(`${name}Response`, response),
});

// Request-reply patterns answered by apps/config (management only, never a hot path).
export const CONFIG_RPC = {
  ping: {
    pattern: 'config.ping.v1',
    request: defineContract('ConfigPingRequest', Type.Object({ sent_at: Type.String() }, { additionalProperties: false })),
    response: defineContract(
      'ConfigPingResponse',
      Type.Object({ sent_at: Type.String(), answered_at: Type.String(), service: Type.Literal('config') }, { additionalProperties: false }),
    ),
  },
  createProject: spec('config.projects.create.v1', 'CreateProject', ProjectCreateBody, Project),
  listProjects: spec('config.projects.list.v1', 'ListProjects', ListQuery, Page(Project)),
  getProject: spec('config.projects.get.v1', 'GetProject', obj({ id: PathId }), Project),
  updateProject: spec('config.projects.update.v1', 'UpdateProject', obj({ id: PathId, body: ProjectUpdateBody }), Project),
  createApiKey: spec('config.api-keys.create.v1', 'CreateApiKey', obj({ project_id: PathId, body: ApiKeyCreateBody }), ApiKeyCreated),
  listApiKeys: spec('config.api-keys.list.v1', 'ListApiKeys', obj({ project_id: PathId, query: ListQuery }), Page(ApiKey)),
  revokeApiKey: spec('config.api-keys.revoke.v1', 'RevokeApiKey', obj({ project_id: PathId, key_id: PathId }), ApiKey),
  createEndpoint: spec('config.endpoints.create.v1', 'CreateEndpoint', scoped({ body: EndpointCreateBody }), Endpoint),
  listEndpoints: spec('config.endpoints.list.v1', 'ListEndpoints', scoped({ query: ListQuery }), Page(Endpoint)),
  getEndpoint: spec('config.endpoints.get.v1', 'GetEndpoint', scoped({ id: PathId }), Endpoint),
  updateEndpoint: spec('config.endpoints.update.v1', 'UpdateEndpoint', scoped({ id: PathId, body: EndpointUpdateBody }), Endpoint),
  deleteEndpoint: spec('config.endpoints.delete.v1', 'DeleteEndpoint', scoped({ id: PathId }), Deleted),
  getEndpointSecret: spec('config.endpoints.secret.v1', 'GetEndpointSecret', scoped({ id: PathId }), EndpointSecret),
  rotateEndpointSecret: spec('config.endpoints.rotate-secret.v1', 'RotateEndpointSecret', scoped({ id: PathId }), EndpointSecret),
  createEventType: spec('config.event-types.create.v1', 'CreateEventType', scoped({ body: EventTypeCreateBody }), EventType),
  listEventTypes: spec('config.event-types.list.v1', 'ListEventTypes', scoped({ query: ListQuery }), Page(EventType)),
  getEventType: spec('config.event-types.get.v1', 'GetEventType', scoped({ name: PathId }), EventType),
  updateEventType: spec('config.event-types.update.v1', 'UpdateEventType', scoped({ name: PathId, body: EventTypeUpdateBody }), EventType),
  deleteEventType: spec('config.event-types.delete.v1', 'DeleteEventType', scoped({ name: PathId }), Deleted),
} as const satisfies Record<string, RpcSpec>;
