import { cleanup, render } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryChart, bucketsFromDeliveries, parseStats } from './chart';
import type { Delivery } from '../api/types';

afterEach(cleanup);

describe('deliveries chart', () => {
  it('reads the stats answer with counts nested or flat, sorted by time', () => {
    const buckets = parseStats({
      data: [
        { start: '2026-01-01T10:05:00Z', succeeded: 1, failed: 2 },
        {
          bucket: '2026-01-01T10:00:00Z',
          counts: { succeeded: 5, retrying: 1 },
        },
        { nonsense: true },
      ],
    });
    expect(buckets).toEqual([
      {
        start: '2026-01-01T10:00:00Z',
        counts: { pending: 0, succeeded: 5, retrying: 1, failed: 0 },
      },
      {
        start: '2026-01-01T10:05:00Z',
        counts: { pending: 0, succeeded: 1, retrying: 0, failed: 2 },
      },
    ]);
  });

  it('counts a page of deliveries per bucket when the server has no stats', () => {
    const d = (status: Delivery['status'], created_at: string) =>
      ({
        id: created_at,
        message_id: 'm',
        endpoint_id: 'e',
        event: 'x',
        status,
        attempts: 1,
        next_attempt_at: null,
        last_response_status: null,
        created_at,
      }) as Delivery;
    const buckets = bucketsFromDeliveries(
      [
        d('succeeded', '2026-01-01T10:00:00Z'),
        d('failed', '2026-01-01T10:00:10Z'),
        d('succeeded', '2026-01-01T11:00:00Z'),
      ],
      2,
    );
    expect(buckets.map((b) => b.counts)).toEqual([
      { pending: 0, succeeded: 1, retrying: 0, failed: 1 },
      { pending: 0, succeeded: 1, retrying: 0, failed: 0 },
    ]);
  });

  it('draws one bar segment per non-empty outcome and describes the totals', () => {
    const { container, getByRole } = render(
      <DeliveryChart
        caption="Deliveries"
        buckets={[
          {
            start: '2026-01-01T10:00:00Z',
            counts: { pending: 0, succeeded: 3, retrying: 0, failed: 1 },
          },
        ]}
      />,
    );
    expect(container.querySelectorAll('rect')).toHaveLength(2);
    expect(getByRole('img').getAttribute('aria-label')).toBe(
      'Deliveries over time: 0 pending, 3 succeeded, 0 retrying, 1 failed',
    );
  });
});
