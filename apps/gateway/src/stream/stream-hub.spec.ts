import { matches, type StreamFilter } from './stream-hub.service';

describe('stream filter', () => {
  const filter = (over: Partial<StreamFilter> = {}): StreamFilter => ({
    scope: 'p:development',
    kinds: new Set(['message']),
    events: new Set(),
    ...over,
  });

  it('passes only the subscriber’s project + environment, kinds and events', () => {
    const e = {
      scope: 'p:development',
      kind: 'message' as const,
      event: 'order.paid',
    };
    expect(matches(filter(), e)).toBe(true);
    expect(matches(filter(), { ...e, scope: 'p:production' })).toBe(false);
    expect(matches(filter(), { ...e, scope: 'q:development' })).toBe(false);
    expect(matches(filter(), { ...e, kind: 'attempt' })).toBe(false);
    expect(matches(filter({ events: new Set(['invoice.sent']) }), e)).toBe(
      false,
    );
    expect(
      matches(filter({ events: new Set(['invoice.sent', 'order.paid']) }), e),
    ).toBe(true);
  });
});
