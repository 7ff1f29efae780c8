// The TypeScript SDK of the public API: types generated from docs/openapi.json (`npm run openapi`)
// and a small typed fetch client (openapi-fetch) over them. Nothing here is written by hand but
// the names below, so the SDK cannot drift from the API.
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from './generated/openapi';

export type { components, operations, paths };

type Schemas = components['schemas'];
export type ApiError = Schemas['Error'];
export type Project = Schemas['Project'];
export type ApiKey = Schemas['ApiKey'];
export type ApiKeyCreated = Schemas['ApiKeyCreated'];
export type Endpoint = Schemas['Endpoint'];
export type EndpointCreateBody = Schemas['EndpointCreateBody'];
export type EndpointUpdateBody = Schemas['EndpointUpdateBody'];
export type EndpointSecret = Schemas['EndpointSecret'];
export type EventType = Schemas['EventType'];
export type EventTypeCreateBody = Schemas['EventTypeCreateBody'];
export type EventTypeUpdateBody = Schemas['EventTypeUpdateBody'];
export type PublishEventBody = Schemas['PublishEventBody'];
export type AcceptedMessage = Schemas['AcceptedMessage'];
export type IncomingRequest = Schemas['IncomingRequest'];
export type Delivery = Schemas['Delivery'];
export type Attempt = Schemas['Attempt'];
export type MessageDetail = Schemas['MessageDetail'];
export type DeliveryStats = Schemas['DeliveryStats'];
export type RetryAccepted = Schemas['RetryAccepted'];
export type Me = Schemas['Me'];
export type Environment = Me['environment'];
export type DeliveryStatus = Delivery['status'];
/** One page of a list route: `data` and the cursor of the next page (null on the last). */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export type FastgenClient = Client<paths>;

export interface FastgenClientOptions {
  /** Where the API is, e.g. `http://localhost:3000` (no `/v1`). */
  baseUrl: string;
  /** An API key (`fg_dev_...`, `fg_prod_...`) or, for /v1/admin routes, the ADMIN_TOKEN. */
  apiKey: string;
  fetch?: typeof globalThis.fetch;
  headers?: Record<string, string>;
}

/**
 * A typed client: `client.POST('/v1/events', { body })` resolves to `{ data }` (the typed 2xx
 * body) or `{ error }` (the `Error` body), with `response` for status and headers.
 */
export function createFastgenClient(
  options: FastgenClientOptions,
): FastgenClient {
  return createClient<paths>({
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    headers: { ...options.headers, authorization: `Bearer ${options.apiKey}` },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
