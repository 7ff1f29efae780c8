import type { EndpointState } from '@fastgen/contracts';
import { AttemptRunner, type AttemptStore } from './attempt-runner';
import type { Job, OutboxRecord } from './delivery-store';
import type { SendResult } from './http-sender';
import { RetrySchedule } from './schedule';

const endpoint: EndpointState = {
  id: 'e1',
  project_id: 'p1',
  environment: 'development',
  url: 'https://hooks.example.com/x',
  description: '',
  event_types: [],
  enabled: true,
  disabled_reason: null,
  headers: { authorization: 'Bearer t' },
  rate_limit: null,
  secrets: [],
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-01T00:00:00.000Z',
  version: 1,
};
const job: Job = {
  id: 'j1',
  delivery_id: 'd1',
  trigger: 'scheduled',
  message_id: 'm1',
  endpoint_id: 'e1',
  project_id: 'p1',
  environment: 'development',
  event: 'order.paid',
  body: '{"event":"order.paid","id":"m1","payload":{"note":"a\\u0000b"}}',
  status: 'pending',
  attempts: 0,
  max_attempts: 8,
  attempt_base: 0,
  created_at: new Date(),
};
const secret = 'whsec_' + Buffer.alloc(32, 1).toString('base64');

function setup(opts: { endpoint?: EndpointState | undefined; wait?: number; answer?: Partial<SendResult>; disable?: string | null } = {}) {
  const calls: { op: string; args: unknown[] }[] = [];
  const sent: { url: string; headers: Record<string, string>; body: string }[] = [];
  const store: AttemptStore = {
    abandon: async (...args) => void calls.push({ op: 'abandon', args }),
    defer: async (...args) => void calls.push({ op: 'defer', args }),
    recordAttempt: async (...args) => void calls.push({ op: 'record', args }),
  };
  const runner = new AttemptRunner({
    endpoints: { get: () => ('endpoint' in opts ? opts.endpoint : endpoint), activeSecrets: () => [secret] },
    store,
    sender: {
      post: async (url, headers, body) => {
        sent.push({ url, headers, body });
        return { status: 200, headers: {}, body: 'ok', error: null, durationMs: 5, ...opts.answer };
      },
    },
    limiter: { take: () => opts.wait ?? 0 },
    schedule: new RetrySchedule('0s,5s,5m', () => 0.5),
    health: {
      afterAttempt: async (_e, _ok, gone) => {
        const reason = opts.disable ?? gone;
        return { disableReason: reason, publish: reason ? [{ id: 'x', topic: 'endpointDisableRequests', key: 'e1', value: { reason } } as OutboxRecord] : [] };
      },
    },
    durably: (_what, write) => write(),
    recorded: () => undefined,
  });
  return { runner, calls, sent };
}

const record = (calls: { op: string; args: unknown[] }[]) => {
  const call = calls.find((c) => c.op === 'record')!;
  const [, , status, nextAttemptAt, , , publish] = call.args as [string, number, string, Date | null, number, string, OutboxRecord[]];
  return { status, nextAttemptAt, publish, outcome: publish[0]!.value as Record<string, unknown> };
};

describe('AttemptRunner', () => {
  it('abandons a job whose endpoint was deleted, without a request', async () => {
    const { runner, calls, sent } = setup({ endpoint: undefined });
    await runner.run(job, () => undefined);
    expect(calls).toEqual([{ op: 'abandon', args: ['j1', 'endpoint deleted'] }]);
    expect(sent).toEqual([]);
  });

  it('defers a job over its endpoint rate limit without counting an attempt', async () => {
    const { runner, calls, sent } = setup({ wait: 400 });
    await runner.run(job, () => undefined);
    expect(calls.map((c) => c.op)).toEqual(['defer']);
    expect(sent).toEqual([]);
  });

  it('sends the stored body byte for byte and records a success with redacted headers', async () => {
    const { runner, calls, sent } = setup();
    let freed = false;
    await runner.run(job, () => (freed = true));
    expect(freed).toBe(true);
    expect(sent[0]!.body).toBe(job.body);
    const { status, outcome } = record(calls);
    expect(status).toBe('succeeded');
    expect(outcome['request_headers']).toEqual(expect.objectContaining({ authorization: '[redacted]', 'webhook-signature': '[redacted]' }));
  });

  it('schedules the next try after a failure', async () => {
    const { runner, calls } = setup({ answer: { status: 500 } });
    await runner.run(job, () => undefined);
    const { status, nextAttemptAt } = record(calls);
    expect(status).toBe('retrying');
    expect(nextAttemptAt).toBeInstanceOf(Date);
  });

  it('ends the delivery and publishes the disable request when the endpoint is to be disabled', async () => {
    const { runner, calls } = setup({ answer: { status: 410 } });
    await runner.run(job, () => undefined);
    const { status, publish } = record(calls);
    expect(status).toBe('failed');
    expect(publish.map((p) => p.topic)).toEqual(['attempts', 'endpointDisableRequests']);
  });
});
