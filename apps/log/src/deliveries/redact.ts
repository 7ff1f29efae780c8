// Header values that authenticate a request: never stored or returned in clear, whatever the
// producer sent (the dispatcher already redacts them; this is the second lock).
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'x-api-key', 'x-fastgen-signature', 'webhook-signature', 'proxy-authorization']);

export const REDACTED = '[redacted]';

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
  }
  return out;
}
