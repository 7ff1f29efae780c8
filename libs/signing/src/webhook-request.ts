import { buildSignatureHeaders } from './sign';

/** User-Agent of every webhook request. */
export const WEBHOOK_USER_AGENT = 'Fastgen-Webhooks/0.1.0';

/** The body every endpoint receives: exactly these keys, in this order; signed and sent as these bytes. */
export function webhookBody(m: {
  event: string;
  id: string;
  payload?: unknown;
}): string {
  return JSON.stringify({
    event: m.event,
    id: m.id,
    payload: m.payload ?? null,
  });
}

/**
 * The headers of a webhook request without an endpoint's custom headers: content type, user
 * agent and the signatures of `body` (X-Fastgen-Signature and Standard Webhooks).
 */
export function webhookRequestHeaders(input: {
  secrets: readonly string[];
  id: string;
  at: Date;
  body: string;
}): Record<string, string> {
  const signatures = buildSignatureHeaders({
    secrets: input.secrets,
    id: input.id,
    timestamp: Math.floor(input.at.getTime() / 1000),
    body: input.body,
  });
  return {
    'content-type': 'application/json',
    'user-agent': WEBHOOK_USER_AGENT,
    ...signatures,
  };
}
