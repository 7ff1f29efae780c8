import { readEventStream, type ServerSentEvent } from '@fastgen/event-stream';
import type { ApiClient } from './api-client';
import { CliError, ExitCode } from './exit-codes';
import type { Output } from './output';

export interface StreamOptions {
  kinds: string[];
  events: string[];
  signal: AbortSignal;
  /** Wait before reconnecting after the stream dropped. */
  reconnectMs?: number;
}

/**
 * The events of GET /v1/stream, forever: when the connection drops it reconnects with the last
 * event id (Last-Event-ID), so the gateway resends what was missed while it still holds it.
 * Refusals (401, 403, 400) end it with their exit code; network errors and 5xx are retried.
 */
export async function* streamEvents(
  api: ApiClient,
  out: Output,
  options: StreamOptions,
): AsyncGenerator<ServerSentEvent> {
  const query = new URLSearchParams({ kinds: options.kinds.join(',') });
  if (options.events.length > 0) query.set('events', options.events.join(','));
  let lastEventId: string | undefined;
  let connected = false;
  while (!options.signal.aborted) {
    try {
      const res = await api.fetch(`/v1/stream?${query}`, {
        headers: {
          accept: 'text/event-stream',
          ...(lastEventId ? { 'last-event-id': lastEventId } : {}),
        },
        signal: options.signal,
      });
      if (!res.body)
        throw new CliError(ExitCode.UNAVAILABLE, 'the stream has no body');
      for await (const event of readEventStream(res.body, lastEventId)) {
        lastEventId = event.id;
        if (event.event === 'ready') {
          if (connected)
            out.info('Reconnected; resuming after the last event received.');
          connected = true;
        }
        if (event.event === 'gap')
          out.info(
            `Warning: ${(JSON.parse(event.data) as { message: string }).message}.`,
          );
        yield event;
      }
      if (!options.signal.aborted)
        out.info('The stream ended; reconnecting...');
    } catch (err) {
      if (options.signal.aborted) return;
      if (err instanceof CliError && err.exitCode !== ExitCode.UNAVAILABLE)
        throw err;
      out.info(
        `The stream dropped (${(err as Error).message}); reconnecting...`,
      );
    }
    await sleep(options.reconnectMs ?? 1_000, options.signal);
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
