import { readFileSync } from 'node:fs';
import type { ApiClient } from '../api-client';
import { CliError, ExitCode } from '../exit-codes';
import type { Output } from '../output';

/** Sends an event (POST /v1/events) as the key's environment; prints its webhook_message_id. */
export async function trigger(
  api: ApiClient,
  out: Output,
  event: string,
  options: { payload?: string; idempotencyKey?: string },
): Promise<void> {
  const payload = parsePayload(options.payload);
  const res = await api.json<{ webhook_message_id: string }>(
    'POST',
    '/v1/events',
    { event, payload },
    options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {},
  );
  out.result(
    res,
    `Triggered ${event}: webhook_message_id ${res.webhook_message_id}`,
  );
}

/** `--payload '{"a":1}'` or `--payload @file.json`; `{}` when absent. */
export function parsePayload(text: string | undefined): unknown {
  if (text === undefined) return {};
  let source = text;
  if (text.startsWith('@')) {
    try {
      source = readFileSync(text.slice(1), 'utf8');
    } catch (err) {
      throw new CliError(
        ExitCode.USAGE,
        `cannot read the payload file ${text.slice(1)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      );
    }
  }
  try {
    return JSON.parse(source);
  } catch (err) {
    throw new CliError(
      ExitCode.USAGE,
      `--payload is not valid JSON: ${(err as Error).message}`,
    );
  }
}
