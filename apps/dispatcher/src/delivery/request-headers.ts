import type { EndpointState } from '@fastgen/contracts';
import { buildSignatureHeaders } from '@fastgen/signing';

export const USER_AGENT = `Fastgen-Webhooks/${process.env['npm_package_version'] ?? '0.1.0'}`;
// Headers the dispatcher owns; an endpoint's custom headers cannot replace them.
const RESERVED = new Set(['content-type', 'content-length', 'user-agent', 'host', 'x-fastgen-signature', 'webhook-id', 'webhook-timestamp', 'webhook-signature']);
// Never logged in clear.
const REDACTED = new Set(['x-fastgen-signature', 'webhook-signature', 'authorization', 'proxy-authorization', 'cookie']);

/**
 * The headers of one attempt: the endpoint's custom headers (lowercased, reserved names dropped),
 * then ours, then the signatures of the exact body over every active secret.
 */
export function requestHeaders(
  endpoint: Pick<EndpointState, 'headers'>,
  signing: { secrets: string[]; messageId: string; body: string; at: Date },
): Record<string, string> {
  const custom: Record<string, string> = {};
  for (const [name, value] of Object.entries(endpoint.headers)) if (!RESERVED.has(name.toLowerCase())) custom[name.toLowerCase()] = value;
  const signatures = buildSignatureHeaders({
    secrets: signing.secrets,
    id: signing.messageId,
    timestamp: Math.floor(signing.at.getTime() / 1000),
    body: signing.body,
  });
  return { ...custom, 'content-type': 'application/json', 'user-agent': USER_AGENT, ...signatures };
}

/** The headers as recorded in the attempt log: signatures and credentials redacted. */
export function redactedHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = REDACTED.has(k) ? '[redacted]' : v;
  return out;
}
