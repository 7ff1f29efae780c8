// Swagger examples of the log responses.
export const DELIVERY_EXAMPLE = {
  id: '0b7c3a52-6a4e-4a4f-9f3e-51e1f3b1d0a1',
  message_id: '9bde801d-bb41-417b-aaa6-50f7438085aa',
  endpoint_id: '5f0c7e1e-2a5b-4c8e-8d7e-0a3f9f3c2b11',
  event: 'cv-score-finished',
  status: 'retrying',
  attempts: 2,
  next_attempt_at: '2026-01-05T10:05:05.000Z',
  last_response_status: 503,
  last_attempt_at: '2026-01-05T10:00:05.000Z',
  created_at: '2026-01-05T10:00:00.120Z',
  updated_at: '2026-01-05T10:00:05.400Z',
};

export const ATTEMPT_EXAMPLE = {
  id: '2c1b8f0e-3d4a-4b5c-8d6e-7f8091a2b3c4',
  attempt_number: 1,
  trigger: 'scheduled',
  started_at: '2026-01-05T10:00:00.130Z',
  duration_ms: 84.2,
  url: 'https://example.com/webhooks',
  request_headers: {
    'content-type': 'application/json',
    'user-agent': 'Fastgen-Webhooks/0.1.0',
    'webhook-id': '9bde801d-bb41-417b-aaa6-50f7438085aa',
    'webhook-timestamp': '1767607200',
    'webhook-signature': '[redacted]',
    'x-fastgen-signature': '[redacted]',
  },
  response_status: 503,
  response_headers: { 'retry-after': '5' },
  response_body: 'upstream unavailable',
  error: null,
  succeeded: false,
};

export const INCOMING_EXAMPLE = {
  id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
  received_at: '2026-01-05T10:00:00.100Z',
  method: 'POST',
  path: '/v1/events',
  status: 202,
  duration_ms: 3.4,
  message_id: '9bde801d-bb41-417b-aaa6-50f7438085aa',
  idempotency_key: 'order-1234',
  headers: { authorization: '[redacted]', 'content-type': 'application/json' },
  body_excerpt: '{"event":"cv-score-finished","payload":{"score":0.92}}',
  source_ip: '203.0.113.7',
  repeated: 0,
};

export const NEXT_CURSOR_EXAMPLE = 'WyIyMDI2LTAxLTA1IDEwOjAwOjAwLjEyKzAwIiwiMGI3YzNhNTItNmE0ZS00YTRmLTlmM2UtNTFlMWYzYjFkMGExIl0';

export const DEAD_LETTER_EXAMPLE = {
  id: '5b0e8f3e-2d7c-4c1e-9a34-6f2b8d9e0a17',
  topic: 'events.messages.v1',
  partition: 2,
  offset: '18345',
  key: '9bde801d-bb41-417b-aaa6-50f7438085aa',
  value: '{"id":"9bde801d-bb41-417b-aaa6-50f7438085aa","event":"order.paid","payload":{"total":"12"}}',
  reason: 'invalid',
  errors: [{ field: 'payload.total', message: 'must be number' }],
  consumer: 'dispatcher',
  project_id: '0f3c2a7e-5d1b-4c8e-9a6f-2b7d9e1c4a58',
  failed_at: '2026-01-05T10:00:00.123Z',
};
