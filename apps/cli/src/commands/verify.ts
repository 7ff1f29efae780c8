import {
  DEFAULT_TOLERANCE_SECONDS,
  verifyFastgen,
  verifyStandard,
  type VerifyResult,
} from '@fastgen/signing';
import { CliError, ExitCode } from '../exit-codes';
import type { Output } from '../output';

export interface RawRequest {
  requestLine: string | null;
  headers: Record<string, string>;
  body: Buffer;
}

/**
 * Parses an HTTP/1.1 request as captured (request line optional, headers, an empty line, the
 * body). The body is taken byte for byte; with Content-Length, exactly that many bytes.
 */
export function parseRawRequest(raw: Buffer): RawRequest {
  const text = raw.toString('latin1');
  const sep = /\r?\n\r?\n/.exec(text);
  if (!sep)
    throw new CliError(
      ExitCode.USAGE,
      'no empty line between headers and body: expected an HTTP request (request line, headers, empty line, body)',
    );
  const lines = text.slice(0, sep.index).split(/\r?\n/);
  const first = lines[0] ?? '';
  const requestLine = /^[A-Z]+ \S+ HTTP\/\d(\.\d)?$/.test(first) ? first : null;
  if (requestLine !== null) lines.shift();
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw new CliError(
        ExitCode.USAGE,
        `not a header line: ${JSON.stringify(line.slice(0, 80))}`,
      );
    headers[line.slice(0, colon).trim().toLowerCase()] = line
      .slice(colon + 1)
      .trim();
  }
  if (headers['transfer-encoding']?.toLowerCase().includes('chunked'))
    throw new CliError(
      ExitCode.USAGE,
      'chunked bodies are not supported: save the request with its decoded body',
    );
  let body = raw.subarray(sep.index + sep[0].length);
  const length = headers['content-length'];
  if (
    length !== undefined &&
    /^\d+$/.test(length) &&
    Number(length) <= body.length
  )
    body = body.subarray(0, Number(length));
  return { requestLine, headers, body };
}

/** Checks the signatures of a saved webhook request against a secret; exit 1 unless every one present verifies. */
export function verify(
  out: Output,
  raw: Buffer,
  options: { secret: string; tolerance?: number },
): ExitCode {
  if (!options.secret.startsWith('whsec_'))
    throw new CliError(
      ExitCode.USAGE,
      '--secret must be the endpoint secret, whsec_...',
    );
  const req = parseRawRequest(raw);
  const checks: { scheme: string; result: VerifyResult }[] = [];
  if (req.headers['x-fastgen-signature'] !== undefined)
    checks.push({
      scheme: 'X-Fastgen-Signature',
      result: verifyFastgen(
        options.secret,
        req.body,
        req.headers['x-fastgen-signature'],
      ),
    });
  if (req.headers['webhook-signature'] !== undefined) {
    checks.push({
      scheme: 'Standard Webhooks',
      result: verifyStandard(options.secret, req.headers, req.body, {
        toleranceSeconds: options.tolerance ?? DEFAULT_TOLERANCE_SECONDS,
      }),
    });
  }
  const ok = checks.length > 0 && checks.every((c) => c.result.ok);
  const human =
    checks.length === 0
      ? 'No signature header (X-Fastgen-Signature or webhook-signature) in the request.'
      : checks
          .map(
            (c) =>
              `${c.scheme}: ${c.result.ok ? 'valid' : `INVALID (${c.result.reason})`}`,
          )
          .join('\n');
  out.result(
    {
      valid: ok,
      checks: checks.map((c) => ({
        scheme: c.scheme,
        valid: c.result.ok,
        reason: c.result.ok ? null : c.result.reason,
      })),
    },
    human,
  );
  return ok ? ExitCode.OK : ExitCode.FAILED;
}
