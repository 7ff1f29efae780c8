import { InvalidCursor, decodeCursor, deliveriesPage, encodeCursor, purgeBatch } from './log-queries';

describe('log queries', () => {
  const scope = { project_id: '11111111-1111-4111-8111-111111111111', environment: 'development', limit: 50 };

  it('round-trips a cursor at microsecond precision', () => {
    const k = { t: '2026-01-05 10:00:00.123456+00', id: '0b7c3a52-6a4e-4a4f-9f3e-51e1f3b1d0a1' };
    expect(decodeCursor(encodeCursor(k))).toEqual(k);
  });

  it.each(['garbage', Buffer.from('["x","y"]').toString('base64url'), Buffer.from('["2026-01-05 10:00:00+00","not-a-uuid"]').toString('base64url'), Buffer.from('["2026-99-05 10:00:00+00","0b7c3a52-6a4e-4a4f-9f3e-51e1f3b1d0a1"]').toString('base64url')])(
    'rejects a forged cursor %s',
    (c) => expect(() => decodeCursor(c)).toThrow(InvalidCursor),
  );

  it('scopes every page by project and environment and reads one row more than the limit', () => {
    const s = deliveriesPage(scope);
    expect(s.text).toContain('project_id = $1 and environment = $2');
    expect(s.text).toMatch(/order by created_at desc, id desc limit \$3$/);
    expect(s.values).toEqual([scope.project_id, 'development', 51]);
  });

  it('adds each filter as a parameter and continues strictly after the cursor', () => {
    const s = deliveriesPage({
      ...scope,
      status: 'failed',
      event: 'order.paid',
      endpoint_id: 'e',
      message_id: 'm',
      response_status: 503,
      since: 'a',
      until: 'b',
      cursor: { t: 't', id: 'i' },
    });
    expect(s.text).toContain('status = $3');
    expect(s.text).toContain('last_response_status = $7');
    expect(s.text).toContain('(created_at, id) < ($10::timestamptz, $11::uuid)');
    expect(s.values).toEqual([scope.project_id, 'development', 'failed', 'order.paid', 'e', 'm', 503, 'a', 'b', 't', 'i', 51]);
    // No value is ever spliced into the SQL text.
    expect(s.text).not.toContain('order.paid');
  });

  it('purges by the time column of each table in bounded batches', () => {
    expect(purgeBatch('attempts', 'c', 1000)).toEqual({ text: expect.stringContaining('started_at < $1::timestamptz limit $2'), values: ['c', 1000] });
    expect(purgeBatch('incoming_requests', 'c', 10).text).toContain('received_at <');
  });
});
