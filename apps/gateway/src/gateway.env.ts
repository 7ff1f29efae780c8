import { Type } from '@sinclair/typebox';
import { BaseEnv, loadEnv } from '@fastgen/platform';

export const GatewayEnv = {
  ...BaseEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  ADMIN_TOKEN: Type.String({ minLength: 16, description: 'Bearer token of the /v1/admin routes. Required.' }),
  PUBLISH_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000, description: 'How long a publish may wait for the broker before the API answers 503.' }),
  MAX_BODY_BYTES: Type.Integer({ minimum: 1024, default: 262_144, description: 'Largest request body accepted (413 above).' }),
  STREAM_REPLAY_EVENTS: Type.Integer({ minimum: 0, default: 10_000, description: 'Records of the live stream (GET /v1/stream) kept for clients resuming with Last-Event-ID.' }),
  STREAM_REPLAY_BYTES: Type.Integer({ minimum: 0, default: 64 * 1024 * 1024, description: 'Upper bound of the memory that replay buffer holds.' }),
  STREAM_HEARTBEAT_MS: Type.Integer({ minimum: 1_000, default: 15_000, description: 'Comment line sent on an idle stream so proxies keep it open.' }),
  CORS_ORIGINS: Type.String({
    default: '',
    pattern: '^(https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?)?(,https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?)*$',
    description: 'Comma-separated origins (scheme://host[:port], no path, no *) whose pages may call the API from a browser; empty: CORS off.',
  }),
  DEFAULT_PROJECT_EVENTS_PER_SECOND: Type.Integer({
    minimum: 1,
    default: 1_000,
    description: 'Events a project environment may publish per second (burst: twice that) unless its limits say otherwise; 429 above. Counted per gateway replica.',
  }),
  DEFAULT_PROJECT_MAX_BACKLOG: Type.Integer({
    minimum: 1,
    default: 100_000,
    description: 'Deliveries that may wait per project environment before its new events are refused with 429, unless its limits say otherwise.',
  }),
  ADMISSION_REFUSAL_DELAY_MS: Type.Integer({
    minimum: 0,
    maximum: 5_000,
    default: 250,
    description:
      'How long a 429 of admission control waits before it is answered (at most its Retry-After), so a client retrying at once cannot take the gateway from other tenants; 0: answer at once.',
  }),
  INCOMING_LOG_REFUSALS_PER_SECOND: Type.Integer({
    minimum: 0,
    default: 10,
    description:
      'Refused (429) requests of a project environment logged one by one per second; the rest of that second are logged as one record counting them (`repeated`).',
  }),
  DASHBOARD_DIR: Type.String({ default: '', description: 'Folder of the built dashboard; empty: dist/apps/dashboard next to the gateway bundle.' }),
};

export type GatewayEnv = ReturnType<typeof loadGatewayEnv>;
export const loadGatewayEnv = () => loadEnv(GatewayEnv);
