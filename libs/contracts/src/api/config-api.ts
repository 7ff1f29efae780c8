import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ENVIRONMENTS, EnvironmentSchema, EventName, Timestamp, Uuid } from '../common';

// Public API shapes of the configuration routes (projects, API keys, endpoints, event types).
// The gateway validates request bodies with them and documents them in Swagger; config answers
// with the response shapes. Limits keep every stored record small.

export const LIMITS = {
  nameLength: 200,
  urlLength: 2048,
  descriptionLength: 1024,
  eventTypesPerEndpoint: 100,
  headersPerEndpoint: 20,
  headerValueLength: 1024,
  maxRateLimit: 100_000,
  maxProjectEventsPerSecond: 1_000_000,
  maxProjectBacklog: 100_000_000,
  schemaBytes: 65_536,
  pageSize: 100,
} as const;

const closed = <P extends Record<string, TSchema>>(props: P, description?: string) =>
  Type.Object(props, { additionalProperties: false, description });

export const Page = <T extends TSchema>(item: T) =>
  closed({
    data: Type.Array(item),
    next_cursor: Type.Union([Type.Null(), Type.String()], { description: 'Pass as `cursor` to get the next page; null on the last page.' }),
  });

export const ListQuery = closed({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: LIMITS.pageSize, default: 50, description: 'Page size (1-100, default 50).' })),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'The `next_cursor` of the previous page.' })),
});
export type ListQuery = Static<typeof ListQuery>;

// ---- projects and API keys (admin) ----

export const ProjectCreateBody = closed({
  name: Type.String({ minLength: 1, maxLength: LIMITS.nameLength, description: 'Display name.', examples: ['Acme CV scoring'] }),
});
// Admission limits of a project, applied to each of its environments separately (a test flood in
// development never throttles production). null = the platform default (the gateway's
// DEFAULT_PROJECT_* settings). Over a limit, POST /v1/events answers 429 with Retry-After.
const nullableLimit = (maximum: number, description: string, example: number | null) =>
  Type.Union([Type.Null(), Type.Integer({ minimum: 1, maximum })], { description, examples: [example] });
export const ProjectLimits = closed(
  {
    events_per_second: nullableLimit(LIMITS.maxProjectEventsPerSecond, 'Events accepted per second and environment (sustained rate); null = platform default.', 500),
    burst: nullableLimit(LIMITS.maxProjectEventsPerSecond, 'Events accepted at once above the sustained rate; null = platform default (twice the rate).', null),
    max_backlog: nullableLimit(
      LIMITS.maxProjectBacklog,
      'Deliveries waiting (pending or retrying) in an environment beyond which new events are refused until the backlog drains; null = platform default.',
      100_000,
    ),
  },
  'Admission limits; each applies to each environment of the project.',
);
export type ProjectLimits = Static<typeof ProjectLimits>;
export const DEFAULT_PROJECT_LIMITS: ProjectLimits = { events_per_second: null, burst: null, max_backlog: null };

export const ProjectUpdateBody = closed({
  name: Type.Optional(ProjectCreateBody.properties.name),
  limits: Type.Optional(
    closed({
      events_per_second: Type.Optional(ProjectLimits.properties.events_per_second),
      burst: Type.Optional(ProjectLimits.properties.burst),
      max_backlog: Type.Optional(ProjectLimits.properties.max_backlog),
    }),
  ),
});
export type ProjectUpdateBody = Static<typeof ProjectUpdateBody>;

export const Project = closed({
  id: Uuid('Project id.'),
  name: Type.String({ examples: ['Acme CV scoring'] }),
  environments: Type.Array(EnvironmentSchema, { description: 'Every project has both.', examples: [['development', 'production']] }),
  limits: ProjectLimits,
  created_at: Timestamp(),
});
export type Project = Static<typeof Project>;

export const ApiKeyCreateBody = closed({
  environment: Type.Union(
    ENVIRONMENTS.map((e) => Type.Literal(e)),
    { description: 'The environment the key gives access to.', examples: ['development'] },
  ),
  name: Type.Optional(Type.String({ maxLength: LIMITS.nameLength, description: 'What the key is for.', examples: ['backend'] })),
});
export const ApiKey = closed({
  id: Uuid('Key id (use it to revoke the key).'),
  project_id: Uuid(),
  environment: EnvironmentSchema,
  name: Type.String(),
  prefix: Type.String({ description: 'The start of the key, to recognise it.', examples: ['fg_dev_Hk3x'] }),
  created_at: Timestamp(),
  revoked_at: Type.Union([Type.Null(), Timestamp()]),
});
export type ApiKey = Static<typeof ApiKey>;
export const ApiKeyCreated = closed({
  ...ApiKey.properties,
  key: Type.String({
    description: 'The API key: `fg_dev_…` (development) or `fg_prod_…` (production). Shown this once; only its hash is stored.',
    examples: ['fg_dev_Hk3xq1N0c2Vb8yZ4rT6uW9aP5sD7fG1hJ3kL5zX7cV9'],
  }),
});
export type ApiKeyCreated = Static<typeof ApiKeyCreated>;

// ---- endpoints ----

const EndpointFields = {
  url: Type.String({ minLength: 1, maxLength: LIMITS.urlLength, description: 'Absolute http(s) URL that receives the webhooks.', examples: ['https://hooks.example.com/fastgen'] }),
  description: Type.String({ maxLength: LIMITS.descriptionLength, description: 'Free text.', examples: ['CV scores for the ATS'] }),
  event_types: Type.Array(EventName(), {
    maxItems: LIMITS.eventTypesPerEndpoint,
    uniqueItems: true,
    description: 'Events this endpoint receives; empty means all events.',
    examples: [['cv-score-finished']],
  }),
  enabled: Type.Boolean({ description: 'Disabled endpoints receive nothing (default true).', examples: [true] }),
  // The value pattern is the config service's own rule (no line breaks or control characters), stated so clients see it.
  headers: Type.Record(Type.String(), Type.String({
    maxLength: LIMITS.headerValueLength,
    pattern: '^[\\t\\x20-\\x7e\\x80-\\xff]*$',
    'x-pattern-message': 'must not contain line breaks or control characters',
  }), {
    maxProperties: LIMITS.headersPerEndpoint,
    description:
      'Extra request headers sent with every delivery (at most 20). Reserved names are refused: content-type, content-length, user-agent, host, x-fastgen-*, webhook-* and hop-by-hop headers.',
    examples: [{ authorization: 'Bearer 3f9c', 'x-team': 'scoring' }],
  }),
  rate_limit: Type.Union([Type.Null(), Type.Integer({ minimum: 1, maximum: LIMITS.maxRateLimit })], {
    description: 'At most this many deliveries per second; null = unlimited.',
    examples: [10],
  }),
};

export const EndpointCreateBody = closed({
  url: EndpointFields.url,
  description: Type.Optional(EndpointFields.description),
  event_types: Type.Optional(EndpointFields.event_types),
  enabled: Type.Optional(EndpointFields.enabled),
  headers: Type.Optional(EndpointFields.headers),
  rate_limit: Type.Optional(EndpointFields.rate_limit),
});
export type EndpointCreateBody = Static<typeof EndpointCreateBody>;

export const EndpointUpdateBody = closed({
  url: Type.Optional(EndpointFields.url),
  description: Type.Optional(EndpointFields.description),
  event_types: Type.Optional(EndpointFields.event_types),
  enabled: Type.Optional(Type.Boolean({ description: 'false disables the endpoint (reason "disabled through the API"); true enables it again and clears the reason.', examples: [false] })),
  headers: Type.Optional(EndpointFields.headers),
  rate_limit: Type.Optional(EndpointFields.rate_limit),
});
export type EndpointUpdateBody = Static<typeof EndpointUpdateBody>;

export const Endpoint = closed({
  id: Uuid('Endpoint id.'),
  url: Type.String({ examples: ['https://hooks.example.com/fastgen'] }),
  description: Type.String(),
  event_types: Type.Array(EventName()),
  enabled: Type.Boolean(),
  disabled_reason: Type.Union([Type.Null(), Type.String()], { description: 'Why it was disabled (by a user, 410 Gone, or failing too long).', examples: [null] }),
  headers: Type.Record(Type.String(), Type.String()),
  rate_limit: Type.Union([Type.Null(), Type.Integer()]),
  environment: EnvironmentSchema,
  created_at: Timestamp(),
  updated_at: Timestamp(),
});
export type Endpoint = Static<typeof Endpoint>;

export const EndpointSecret = closed({
  secret: Type.String({ description: 'Current signing secret: `whsec_` + base64 of 32 random bytes.', examples: ['whsec_EXAMPLEbase64of32randombytes'] }),
  previous_secrets: Type.Array(
    closed({
      secret: Type.String(),
      expires_at: Timestamp('Until when deliveries are still signed with it too.'),
    }),
    { description: 'Rotated-out secrets that still sign (one `webhook-signature` entry each) until `expires_at`.' },
  ),
});
export type EndpointSecret = Static<typeof EndpointSecret>;

export const Deleted = closed({ id: Type.String(), deleted: Type.Literal(true) });

// ---- event types ----

const EventSchemaField = Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())], {
  description: 'JSON Schema (draft-07) of the payload; checked to be a valid schema. At most 64 KiB.',
  examples: [{ type: 'object', required: ['score'], properties: { score: { type: 'number' } } }],
});

export const EventTypeCreateBody = closed({
  name: EventName(),
  description: Type.Optional(Type.String({ maxLength: LIMITS.descriptionLength, description: 'Free text.', examples: ['A CV was scored.'] })),
  schema: Type.Optional(EventSchemaField),
});
export type EventTypeCreateBody = Static<typeof EventTypeCreateBody>;

export const EventTypeUpdateBody = closed({
  description: Type.Optional(Type.String({ maxLength: LIMITS.descriptionLength, description: 'Free text.', examples: ['A CV was scored by the model.'] })),
  schema: Type.Optional(EventSchemaField),
});
export type EventTypeUpdateBody = Static<typeof EventTypeUpdateBody>;

export const EventType = closed({
  name: EventName(),
  description: Type.String(),
  schema: Type.Union([Type.Null(), Type.Record(Type.String(), Type.Unknown())]),
  created_at: Timestamp(),
  updated_at: Timestamp(),
});
export type EventType = Static<typeof EventType>;
