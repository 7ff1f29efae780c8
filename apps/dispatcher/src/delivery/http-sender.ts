import { Agent, buildConnector, request } from 'undici';
import { guardedLookup, refuseTarget, RefusedAddressError, type UrlPolicy } from '@fastgen/net-policy';

export const RESPONSE_BODY_LIMIT = 4096;

export interface SendResult {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  error: string | null;
  durationMs: number;
}

export interface HttpSenderOptions {
  connectTimeoutMs: number;
  /** Whole attempt: connect, send, response headers and the (truncated) body. */
  timeoutMs: number;
  policy: UrlPolicy;
}

/**
 * The outbound HTTP client: one pooled keep-alive agent for every endpoint, redirects never
 * followed (a 3xx is a failed attempt), at most 4 KiB of the response body read. Every new
 * connection passes the URL policy (ENDPOINT_URL_POLICY) on what it actually connects to.
 */
export class HttpSender {
  private readonly agent: Agent;

  constructor(private readonly options: HttpSenderOptions) {
    this.agent = new Agent({
      connect: guardedConnector(options.policy, options.connectTimeoutMs),
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 30_000,
      connections: 32, // per origin; ENDPOINT_CONCURRENCY bounds what one endpoint can use anyway
    });
  }

  async post(url: string, headers: Record<string, string>, body: string): Promise<SendResult> {
    const started = performance.now();
    const signal = AbortSignal.timeout(this.options.timeoutMs);
    try {
      const res = await request(url, { method: 'POST', headers, body, dispatcher: this.agent, signal });
      const text = await readLimited(res.body, RESPONSE_BODY_LIMIT);
      return { status: res.statusCode, headers: flattenHeaders(res.headers), body: text, error: null, durationMs: elapsed(started) };
    } catch (err) {
      return { status: null, headers: {}, body: '', error: describe(err, this.options.timeoutMs), durationMs: elapsed(started) };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/**
 * undici's connector with the policy on both paths to an address: the port and an IP-literal host
 * (connected to without DNS) before connecting, every resolved address in the lookup.
 */
function guardedConnector(policy: UrlPolicy, timeout: number): buildConnector.connector {
  const connect = buildConnector({ timeout, lookup: guardedLookup(policy) } as buildConnector.BuildOptions);
  return (opts, callback) => {
    const port = Number(opts.port) || (opts.protocol === 'https:' ? 443 : 80);
    const refused = refuseTarget(policy, opts.hostname, port);
    if (refused) return callback(new RefusedAddressError(refused), null);
    return connect(opts, callback);
  };
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy(); // the rest is not needed; the connection is dropped rather than drained
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') return `timeout after ${timeoutMs} ms`;
  if (e.code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect timeout';
  if (e.code === 'EREFUSEDADDRESS' || e.cause?.code === 'EREFUSEDADDRESS') return `refused address: ${e.message ?? e.cause?.message}`;
  const code = e.code ?? e.cause?.code;
  return code ? `${code}: ${e.message ?? e.cause?.message ?? ''}`.trim() : (e.message ?? String(err));
}

const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;
