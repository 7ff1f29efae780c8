import { describe, expect, it } from 'vitest';
import {
  statsQuery,
  apiQuery,
  parseLogsView,
  serializeLogsView,
  withFilters,
} from './filters';

describe('logs view in the URL', () => {
  it('reads every delivery filter, the page and the open message from the query string', () => {
    const view = parseLogsView(
      '?status=failed&event=cv-score-finished&endpoint_id=e1&message_id=m1&since=2026-01-01T00:00:00Z&until=2026-01-02T00:00:00Z&response_status=500&limit=50&cursor=abc&message=m1&unknown=x',
    );
    expect(view).toEqual({
      tab: 'deliveries',
      filters: {
        status: 'failed',
        event: 'cv-score-finished',
        endpoint_id: 'e1',
        message_id: 'm1',
        since: '2026-01-01T00:00:00Z',
        until: '2026-01-02T00:00:00Z',
        response_status: '500',
      },
      cursor: 'abc',
      limit: 50,
      message: 'm1',
    });
  });

  it('round-trips a view through the URL and leaves out empty values and the default tab', () => {
    const search = '?status=succeeded&event=a.b&limit=25&cursor=c2';
    expect(serializeLogsView(parseLogsView(search))).toBe(search);
    expect(
      serializeLogsView({
        tab: 'deliveries',
        filters: { status: ' ', event: '' },
        cursor: null,
        limit: null,
        message: null,
      }),
    ).toBe('');
  });

  it('keeps only the filters of the incoming tab when it is selected', () => {
    const view = parseLogsView(
      '?tab=incoming&status=400&message_id=m1&event=ignored&response_status=500',
    );
    expect(view.filters).toEqual({ status: '400', message_id: 'm1' });
    expect(serializeLogsView(view)).toBe(
      '?tab=incoming&status=400&message_id=m1',
    );
  });

  it('restarts paging when the filters change', () => {
    const view = parseLogsView('?status=failed&cursor=page3');
    const next = withFilters(view, { status: 'retrying' });
    expect(next.cursor).toBeNull();
    expect(serializeLogsView(next)).toBe('?status=retrying');
  });

  it('sends local datetimes to the API as instants and passes instants through', () => {
    const q = apiQuery(
      parseLogsView(
        '?since=2026-03-01T10:30&until=2026-03-02T00:00:00Z&limit=100&cursor=x',
      ),
    );
    expect(q['since']).toBe(new Date('2026-03-01T10:30').toISOString());
    expect(q['until']).toBe('2026-03-02T00:00:00Z');
    expect([q['limit'], q['cursor']]).toEqual([100, 'x']);
  });

  it('asks the stats route only for the filters it knows, with a bucket that fits the range', () => {
    const now = Date.parse('2026-03-02T00:00:00Z');
    expect(
      statsQuery(
        parseLogsView('?status=failed&response_status=500&event=a'),
        now,
      ),
    ).toEqual({ event: 'a', since: '2026-03-01T00:00:00.000Z', bucket: '1h' });
    expect(
      statsQuery(parseLogsView('?since=2026-03-01T23:00:00Z'), now),
    ).toEqual({
      since: '2026-03-01T23:00:00Z',
      bucket: '1m',
    });
    expect(
      statsQuery(
        parseLogsView('?since=2026-02-01T00:00:00Z&until=2026-03-01T00:00:00Z'),
        now,
      )['bucket'],
    ).toBe('1d');
    expect(
      statsQuery(
        parseLogsView('?since=2026-03-01T00:00:00Z&endpoint_id=e1'),
        now,
      ),
    ).toEqual({
      since: '2026-03-01T00:00:00Z',
      endpoint_id: 'e1',
      bucket: '1h',
    });
  });

  it('charts the picked range when no since/until is set: 1 h, 24 h, 7 d or 30 d', () => {
    const now = Date.parse('2026-03-31T00:00:00Z');
    const pick = (range: string) =>
      statsQuery(parseLogsView(`?range=${range}`), now);
    expect(pick('1h')).toEqual({
      since: '2026-03-30T23:00:00.000Z',
      bucket: '1m',
    });
    expect(pick('24h')).toEqual({
      since: '2026-03-30T00:00:00.000Z',
      bucket: '1h',
    });
    expect(pick('7d')).toEqual({
      since: '2026-03-24T00:00:00.000Z',
      bucket: '6h',
    });
    expect(pick('30d')).toEqual({
      since: '2026-03-01T00:00:00.000Z',
      bucket: '1d',
    });
    expect(pick('bogus')).toEqual(pick('24h'));
    expect(serializeLogsView(parseLogsView('?range=7d&status=failed'))).toBe(
      '?status=failed&range=7d',
    );
    expect(serializeLogsView(parseLogsView('?range=24h'))).toBe('');
  });
});
