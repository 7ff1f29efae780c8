import { Type } from '@sinclair/typebox';
import { BaseEnv, UrlPolicyEnv, loadEnv, urlPolicyFromEnv } from '@fastgen/platform';

const DURATION_LIST = '^\\s*\\d+(\\.\\d+)?(ms|s|m|h|d)\\s*(,\\s*\\d+(\\.\\d+)?(ms|s|m|h|d)\\s*)*$';

export const DispatcherEnv = {
  ...BaseEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
  ...UrlPolicyEnv,
  SECRETS_MASTER_KEY: Type.String({ minLength: 32, description: 'Opens the sealed endpoint secrets (64 hex chars or base64 of 32 bytes).' }),
  RETRY_SCHEDULE: Type.String({
    pattern: DURATION_LIST,
    default: '0s,5s,5m,30m,2h,5h,10h,10h',
    description: 'Delay before each attempt (the first is the initial one); ±20 % jitter is applied.',
  }),
  DELIVERY_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 15_000, description: 'Whole-response timeout of one attempt.' }),
  CONNECT_TIMEOUT_MS: Type.Integer({ minimum: 100, default: 5_000 }),
  ENDPOINT_DISABLE_AFTER: Type.String({ pattern: '^\\d+(\\.\\d+)?(ms|s|m|h|d)$', default: '5d', description: 'An endpoint failing without success for this long is disabled.' }),
  DELIVERY_CONCURRENCY: Type.Integer({ minimum: 1, default: 256, description: 'Attempts in flight in this process, all endpoints together.' }),
  FAIR_SHARE_RESERVE: Type.Integer({
    minimum: 0,
    default: 64,
    description:
      "Of DELIVERY_CONCURRENCY, the slots only projects under an equal share may take: one project's flood can hold the rest, never these (0: no reserve).",
  }),
  ENDPOINT_CONCURRENCY: Type.Integer({
    minimum: 1,
    default: 8,
    description: 'Requests in flight to an endpoint at first; the limit then adapts to how the endpoint answers (no endpoint can take every slot).',
  }),
  ENDPOINT_CONCURRENCY_MAX: Type.Integer({
    minimum: 1,
    default: 64,
    description: 'Most requests in flight to one endpoint that keeps answering fast; timeouts, connection errors, 429, 502, 503 and 504 halve its limit.',
  }),
  ENDPOINT_PREFETCH_ROUNDS: Type.Integer({
    minimum: 0,
    maximum: 16,
    default: 4,
    description: 'Rounds of ENDPOINT_CONCURRENCY jobs leased ahead for an endpoint that answers within a second, so a freed slot is refilled at once.',
  }),
  BACKLOG_REPORT_INTERVAL_MS: Type.Integer({
    minimum: 100,
    default: 2_000,
    description: "How often each project environment's waiting deliveries are counted and published for the gateway's backlog quota.",
  }),
  POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 250, description: 'How often the schedule is polled when no new work woke the worker.' }),
};

export type DispatcherEnv = ReturnType<typeof loadDispatcherEnv>;
export const loadDispatcherEnv = () => {
  const env = loadEnv(DispatcherEnv);
  urlPolicyFromEnv(env); // a bad allow-list stops the service at boot, naming the variable
  return env;
};
