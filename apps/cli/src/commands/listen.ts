import type { ListenAttemptReport, StreamMessage } from '@fastgen/contracts';
import {
  generateSecret,
  signStandard,
  webhookBody,
  webhookRequestHeaders,
} from '@fastgen/signing';
import type { ApiClient } from '../api-client';
import { CliError, ExitCode } from '../exit-codes';
import type { Output } from '../output';
import { streamEvents } from '../stream';

export interface ListenOptions {
  forwardTo: string;
  events: string[];
  secret?: string;
  timeoutMs: number;
}

const MAX_RESPONSE_BODY = 4096;
const REDACTED = new Set(['x-fastgen-signature', 'webhook-signature']);

export const PRODUCTION_KEY_REFUSED =
  'fastgen listen works with development keys only, and this is a production key: production events are never forwarded to a local machine. Use a fg_dev_ key.';

/**
 * Forwards every message of the key's development environment to a local URL, signed with this
 * session's secret exactly as an endpoint would receive it, and records each forward in the
 * delivery log. Runs until interrupted.
 */
export async function listen(
  api: ApiClient,
  out: Output,
  options: ListenOptions,
  signal: AbortSignal,
): Promise<void> {
  const target = checkUrl(options.forwardTo);
  const me = await api.json<{ environment: string; project: { name: string } }>(
    'GET',
    '/v1/me',
  );
  if (me.environment !== 'development')
    throw new CliError(ExitCode.AUTH, PRODUCTION_KEY_REFUSED);
  const secret = options.secret ?? generateSecret();
  try {
    signStandard(secret, 'check', 0, '');
  } catch {
    throw new CliError(
      ExitCode.USAGE,
      '--secret must be whsec_ followed by base64 (as the dashboard shows secrets)',
    );
  }

  for await (const event of streamEvents(api, out, {
    kinds: ['message'],
    events: options.events,
    signal,
  })) {
    if (event.event === 'ready') {
      const what =
        options.events.length > 0 ? options.events.join(', ') : 'every event';
      out.result(
        {
          type: 'ready',
          secret,
          forward_to: target.toString(),
          events: options.events,
          project: me.project.name,
        },
        `Ready. Forwarding ${what} of ${me.project.name} (development) to ${target}\nYour webhook signing secret for this session is ${secret}`,
      );
      continue;
    }
    if (event.event !== 'message') continue;
    await forward(
      api,
      out,
      target,
      secret,
      JSON.parse(event.data) as StreamMessage,
      options.timeoutMs,
    );
  }
}

async function forward(
  api: ApiClient,
  out: Output,
  target: URL,
  secret: string,
  m: StreamMessage,
  timeoutMs: number,
): Promise<void> {
  const body = webhookBody(m);
  const at = new Date();
  const headers = webhookRequestHeaders({
    secrets: [secret],
    id: m.id,
    at,
    body,
  });
  const started = performance.now();
  let status: number | null = null;
  let responseBody = '';
  let error: string | null = null;
  try {
    const res = await fetch(target, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.status;
    responseBody = (await res.text()).slice(0, MAX_RESPONSE_BODY);
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    error =
      (err as Error).name === 'TimeoutError'
        ? `no response within ${timeoutMs} ms`
        : (cause?.code ?? (err as Error).message);
  }
  const duration = Math.round((performance.now() - started) * 10) / 10;
  out.result(
    {
      type: 'forward',
      message_id: m.id,
      event: m.event,
      status,
      duration_ms: duration,
      error,
      at: at.toISOString(),
    },
    `${at.toISOString()}  ${m.event.padEnd(24)} ${m.id}  -> ${status ?? 'ERR'} ${error ?? ''}${error ? ' ' : ''}(${duration} ms)`,
  );
  const report: ListenAttemptReport = {
    message_id: m.id,
    event: m.event,
    url: target.toString(),
    started_at: at.toISOString(),
    duration_ms: duration,
    request_headers: Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [
        k,
        REDACTED.has(k) ? '[redacted]' : v,
      ]),
    ),
    response_status: status,
    response_body: responseBody,
    error: error?.slice(0, 1024) ?? null,
  };
  // The log entry is a convenience: a failure to record it never stops forwarding.
  await api
    .json('POST', '/v1/listen/attempts', report)
    .catch((err) =>
      out.info(
        `Warning: the forward of ${m.id} was not recorded in the delivery log (${(err as Error).message})`,
      ),
    );
}

function checkUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(
      ExitCode.USAGE,
      `--forward-to must be an absolute URL such as http://localhost:8080/hooks, not ${JSON.stringify(text)}`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new CliError(
      ExitCode.USAGE,
      `--forward-to must use http or https, not ${url.protocol}`,
    );
  return url;
}
