import type {
  Accepted,
  Delivery,
  Endpoint,
  EndpointInput,
  EventType,
  IncomingRequest,
  List,
  Me,
  MessageDetail,
  Secret,
} from './types';
import type { EndpointHealthList } from './live-types';

export interface FieldError {
  field: string;
  message: string;
}

/** Every failure of a call, whatever its cause: HTTP error body, non-JSON answer or network. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Messages keyed by the form field they name (`body.url`, `/url`, `headers.X-A` → `url`, `headers`). */
  fieldMessages(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) {
      const key = fieldKey(f.field);
      out[key] = out[key] ? `${out[key]} ${f.message}` : f.message;
    }
    return out;
  }
}

export function fieldKey(field: string): string {
  const parts = field
    .replace(/^\//, '')
    .replace(/^body[./]/, '')
    .split(/[./[\]]/)
    .filter(Boolean);
  return parts[0] ?? field;
}

export type Query = Record<string, string | number | undefined | null>;

export interface ApiClientOptions {
  /** Key of the active environment, read on every call so an environment switch applies at once. */
  getKey: () => string | null;
  baseUrl?: string;
  fetchImpl?: typeof fetch;
  /** Called on 401 so the app can ask for a key again. */
  onUnauthorized?: () => void;
}

export function toQueryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** The one place the dashboard talks HTTP: auth header, JSON, error mapping. */
export class ApiClient {
  private readonly fetchImpl: typeof fetch;
  private readonly baseUrl: string;

  constructor(private readonly opts: ApiClientOptions) {
    // Bound so a window.fetch taken from the global keeps its receiver.
    this.fetchImpl = opts.fetchImpl ?? ((input, init) => fetch(input, init));
    this.baseUrl = opts.baseUrl ?? '';
  }

  async request<T>(
    method: string,
    path: string,
    opts: { query?: Query; body?: unknown; key?: string } = {},
  ): Promise<T> {
    return (await this.send<T>(method, path, opts)).body;
  }

  /**
   * Who a key belongs to: its project and environment (session/environment.ts reads the answer).
   * With `key`, checks a key before it is kept; a 401 then is a wrong key, not an expired session.
   */
  me(key?: string) {
    return this.request<Me>('GET', '/v1/me', { key });
  }

  private async send<T>(
    method: string,
    path: string,
    opts: { query?: Query; body?: unknown; key?: string },
  ): Promise<{ headers: Headers; body: T }> {
    const key = opts.key ?? this.opts.getKey();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (key) headers['authorization'] = `Bearer ${key}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.body);
    }
    let res: Response;
    try {
      res = await this.fetchImpl(
        `${this.baseUrl}${path}${toQueryString(opts.query)}`,
        { method, headers, body },
      );
    } catch (e) {
      throw new ApiError(
        0,
        'network_error',
        `The API could not be reached (${e instanceof Error ? e.message : String(e)}).`,
      );
    }
    const text = await res.text();
    let parsed: unknown = undefined;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
    }
    if (!res.ok) {
      const err = errorFrom(res.status, parsed, text);
      if (res.status === 401 && !opts.key) this.opts.onUnauthorized?.();
      throw err;
    }
    return { headers: res.headers, body: parsed as T };
  }

  // Endpoints
  listEndpoints(query: Query = {}) {
    return this.request<List<Endpoint>>('GET', '/v1/endpoints', { query });
  }
  createEndpoint(input: EndpointInput) {
    return this.request<Endpoint>('POST', '/v1/endpoints', { body: input });
  }
  updateEndpoint(id: string, patch: Partial<EndpointInput>) {
    return this.request<Endpoint>('PATCH', `/v1/endpoints/${enc(id)}`, {
      body: patch,
    });
  }
  deleteEndpoint(id: string) {
    return this.request<void>('DELETE', `/v1/endpoints/${enc(id)}`);
  }
  getSecret(id: string) {
    return this.request<Secret>('GET', `/v1/endpoints/${enc(id)}/secret`);
  }
  rotateSecret(id: string) {
    return this.request<Secret>(
      'POST',
      `/v1/endpoints/${enc(id)}/secret/rotate`,
      { body: {} },
    );
  }
  sendTest(id: string) {
    return this.request<Accepted>('POST', `/v1/endpoints/${enc(id)}/test`, {
      body: {},
    });
  }
  /** The whole catalogue, page by page (the API serves at most 100 per page). */
  async listEventTypes(maxPages = 20): Promise<EventType[]> {
    const all: EventType[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < maxPages; i++) {
      const page: List<EventType> = await this.request<List<EventType>>(
        'GET',
        '/v1/event-types',
        { query: { limit: 100, cursor } },
      );
      all.push(...page.data);
      cursor = page.next_cursor;
      if (!cursor) break;
    }
    return all;
  }

  // Logs
  listIncoming(query: Query) {
    return this.request<List<IncomingRequest>>('GET', '/v1/logs/incoming', {
      query,
    });
  }
  listDeliveries(query: Query) {
    return this.request<List<Delivery>>('GET', '/v1/logs/deliveries', {
      query,
    });
  }
  logStats(query: Query) {
    return this.request<unknown>('GET', '/v1/logs/stats', { query });
  }
  endpointHealth() {
    return this.request<EndpointHealthList>('GET', '/v1/endpoints/health');
  }
  /**
   * Opens the live stream (Server-Sent Events over fetch: EventSource cannot send the key).
   * Resolves to the response body once connected; read it with @fastgen/event-stream.
   */
  async openStream(
    kinds: string[],
    lastEventId: string | undefined,
    signal: AbortSignal,
  ): Promise<ReadableStream<Uint8Array>> {
    const key = this.opts.getKey();
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (key) headers['authorization'] = `Bearer ${key}`;
    if (lastEventId) headers['last-event-id'] = lastEventId;
    const res = await this.fetchImpl(
      `${this.baseUrl}/v1/stream${toQueryString({ kinds: kinds.join(',') })}`,
      { headers, signal },
    );
    if (!res.ok || !res.body) {
      const text = await res.text().catch(() => '');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      throw errorFrom(res.status, parsed, text);
    }
    return res.body;
  }
  getMessage(id: string) {
    return this.request<MessageDetail>('GET', `/v1/messages/${enc(id)}`);
  }
  retryMessage(id: string) {
    return this.request<unknown>('POST', `/v1/messages/${enc(id)}/retry`, {
      body: {},
    });
  }
  retryDelivery(id: string) {
    return this.request<unknown>('POST', `/v1/deliveries/${enc(id)}/retry`, {
      body: {},
    });
  }
}

const enc = encodeURIComponent;

function errorFrom(status: number, parsed: unknown, text: string): ApiError {
  const e = (
    parsed as
      | { error?: { code?: unknown; message?: unknown; fields?: unknown } }
      | undefined
  )?.error;
  if (e && typeof e === 'object') {
    const fields = Array.isArray(e.fields)
      ? e.fields
          .filter(
            (f): f is FieldError =>
              !!f &&
              typeof f.field === 'string' &&
              typeof f.message === 'string',
          )
          .map((f) => ({ field: f.field, message: f.message }))
      : [];
    return new ApiError(
      status,
      typeof e.code === 'string' ? e.code : `http_${status}`,
      typeof e.message === 'string' ? e.message : defaultMessage(status),
      fields,
    );
  }
  const excerpt =
    text && text.length < 200 && !text.trimStart().startsWith('<')
      ? ` ${text.trim()}`
      : '';
  return new ApiError(
    status,
    `http_${status}`,
    `${defaultMessage(status)}${excerpt}`,
  );
}

function defaultMessage(status: number): string {
  if (status === 401) return 'The API key was not accepted.';
  if (status === 403) return 'This key may not do that.';
  if (status === 404)
    return 'Not found (it may belong to another environment, or the server does not offer this route).';
  if (status === 429) return 'Too many requests; try again in a moment.';
  if (status >= 500) return `The server failed (HTTP ${status}).`;
  return `The request failed (HTTP ${status}).`;
}
