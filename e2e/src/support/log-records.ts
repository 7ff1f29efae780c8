import { randomUUID } from 'node:crypto';
import type { AttemptOutcome, DeliveryStatus, Environment, WebhookMessage } from '@fastgen/contracts';

// Builders of the records the gateway and the dispatcher publish, for log tests.

export function aMessage(scope: { project_id: string; environment: Environment }, over: Partial<WebhookMessage> = {}): WebhookMessage {
  return {
    id: randomUUID(),
    project_id: scope.project_id,
    environment: scope.environment,
    event: 'order.paid',
    payload: { order: randomUUID().slice(0, 8), amount: 42 },
    created_at: new Date().toISOString(),
    source: 'api',
    ...over,
  };
}

export function anAttempt(
  message: WebhookMessage,
  over: Partial<AttemptOutcome> & { endpoint_id: string; delivery_id?: string },
): AttemptOutcome {
  const status: DeliveryStatus = over.delivery_status ?? 'succeeded';
  return {
    id: randomUUID(),
    delivery_id: over.delivery_id ?? randomUUID(),
    message_id: message.id,
    project_id: message.project_id,
    environment: message.environment,
    event: message.event,
    attempt_number: 1,
    trigger: 'scheduled',
    started_at: new Date().toISOString(),
    duration_ms: 12.5,
    url: 'https://receiver.example/hook',
    request_headers: {
      'content-type': 'application/json',
      'webhook-id': message.id,
      'webhook-signature': 'v1,c2VjcmV0LXNpZ25hdHVyZQ==',
      'x-fastgen-signature': 'deadbeef',
    },
    response_status: status === 'succeeded' ? 200 : 503,
    response_headers: {},
    response_body: status === 'succeeded' ? 'ok' : 'unavailable',
    error: null,
    succeeded: status === 'succeeded',
    next_attempt_at: status === 'retrying' ? new Date(Date.now() + 60_000).toISOString() : null,
    ...over,
    delivery_status: status,
  };
}
