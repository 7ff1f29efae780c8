import type { StreamAttempt } from '@fastgen/contracts';
import type { ApiClient } from '../api-client';
import { CliError, ExitCode } from '../exit-codes';
import type { Output } from '../output';
import { streamEvents } from '../stream';

const STATUSES = ['pending', 'succeeded', 'retrying', 'failed'];

/** Delivery attempts of the key's environment as they happen, optionally only of one delivery status. */
export async function tailLogs(
  api: ApiClient,
  out: Output,
  options: { status?: string; events: string[] },
  signal: AbortSignal,
): Promise<void> {
  if (options.status !== undefined && !STATUSES.includes(options.status)) {
    throw new CliError(
      ExitCode.USAGE,
      `--status must be one of ${STATUSES.join(', ')}`,
    );
  }
  for await (const event of streamEvents(api, out, {
    kinds: ['attempt'],
    events: options.events,
    signal,
  })) {
    if (event.event === 'ready') {
      out.info(
        `Tailing deliveries${options.status ? ` (${options.status})` : ''}... (Ctrl-C to stop)`,
      );
      continue;
    }
    if (event.event !== 'attempt') continue;
    const a = JSON.parse(event.data) as StreamAttempt;
    if (options.status !== undefined && a.delivery_status !== options.status)
      continue;
    out.result(
      a,
      `${a.started_at}  ${a.delivery_status.padEnd(9)} ${String(a.response_status ?? 'ERR').padEnd(4)} ${a.event.padEnd(24)} ${a.url}  #${a.attempt_number} ${a.duration_ms} ms${a.error ? `  ${a.error}` : ''}`,
    );
  }
}
