import type { AttemptOutcome } from '@fastgen/contracts';
import { latestPerDelivery, writeAttempts } from './record-writer';

const attempt = (over: Partial<AttemptOutcome>): AttemptOutcome => ({
  id: 'a',
  delivery_id: 'd1',
  message_id: 'm',
  endpoint_id: 'e',
  project_id: 'p',
  environment: 'development',
  event: 'order.paid',
  attempt_number: 1,
  trigger: 'scheduled',
  started_at: '2026-01-05T10:00:00.000Z',
  duration_ms: 1,
  url: 'https://x.example',
  request_headers: { 'x-fastgen-signature': 'abc', 'Webhook-Signature': 'v1,xyz', 'content-type': 'application/json' },
  response_status: 503,
  response_headers: {},
  response_body: '',
  error: null,
  succeeded: false,
  delivery_status: 'retrying',
  next_attempt_at: null,
  ...over,
});

describe('record writer', () => {
  it('keeps the latest attempt per delivery and its first start time, whatever the order', () => {
    const a1 = attempt({ id: 'a1', attempt_number: 1, started_at: '2026-01-05T10:00:00.000Z' });
    const a2 = attempt({ id: 'a2', attempt_number: 2, started_at: '2026-01-05T10:00:05.000Z', delivery_status: 'succeeded' });
    const other = attempt({ id: 'b1', delivery_id: 'd2' });
    const latest = latestPerDelivery([a2, other, a1]);
    expect(latest).toHaveLength(2);
    const d1 = latest.find((l) => l.delivery_id === 'd1')!;
    expect(d1.id).toBe('a2');
    expect(d1.delivery_status).toBe('succeeded');
    expect(d1.first_started_at).toBe('2026-01-05T10:00:00.000Z');
  });

  it('stores signature headers redacted and guards the delivery upsert so it only moves forward', async () => {
    const statements: { text: string; params: unknown[] }[] = [];
    await writeAttempts(async (text, params = []) => void statements.push({ text, params }), [attempt({})]);
    const stored = JSON.parse(statements[0]!.params[0] as string)[0];
    expect(stored.request_headers).toEqual({ 'x-fastgen-signature': '[redacted]', 'Webhook-Signature': '[redacted]', 'content-type': 'application/json' });
    expect(statements[0]!.text).toContain('on conflict (id) do nothing');
    expect(statements[1]!.text).toContain('where (excluded.last_attempt_at, excluded.last_attempt_number) > (d.last_attempt_at, d.last_attempt_number) or d.attempts <> excluded.attempts');
    expect(statements[1]!.text).toContain('select count(*) from log.attempts a where a.delivery_id = r.delivery_id');
    expect(statements).toHaveLength(2);
  });

  it('writes nothing for an empty batch', async () => {
    const sql = jest.fn();
    await writeAttempts(sql, []);
    expect(sql).not.toHaveBeenCalled();
  });
});
