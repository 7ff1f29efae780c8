import {
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
} from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../app';
import { saveSession } from '../session/session-store';
import { fakeApi } from '../test/fake-api';

const KEY = 'fg_dev_3333333333333333';
const delivery = (id: string, status: string) => ({
  id,
  message_id: `m-${id}`,
  endpoint_id: 'e1',
  event: 'cv-score-finished',
  status,
  attempts: 1,
  next_attempt_at: null,
  last_response_status: 500,
  created_at: '2026-01-01T10:00:00Z',
});

function api() {
  return fakeApi({
    'GET /v1/logs/deliveries': ({ query }) => ({
      status: 200,
      body: query.get('cursor')
        ? { data: [delivery('d2', 'failed')], next_cursor: null }
        : { data: [delivery('d1', 'failed')], next_cursor: 'page-2' },
    }),
    'GET /v1/logs/stats': () => ({
      status: 200,
      body: { data: [{ start: '2026-01-01T10:00:00Z', failed: 1 }] },
    }),
  });
}

const deliveryQueries = (fetchUrls: string[]) =>
  fetchUrls
    .filter((u) => u.startsWith('/v1/logs/deliveries'))
    .map((u) => u.slice(u.indexOf('?')));

describe('logs page', () => {
  beforeEach(() => {
    sessionStorage.clear();
    saveSession({
      active: 'development',
      keys: { development: { key: KEY, project: 'Acme' } },
    });
  });
  afterEach(cleanup);

  it('loads the filters from the URL, applies new ones to the URL and keeps them on refresh and paging', async () => {
    window.history.replaceState(
      null,
      '',
      '/logs?status=failed&response_status=500',
    );
    const { fetchImpl } = api();
    const urls = () =>
      (fetchImpl as unknown as { mock: { calls: [string][] } }).mock.calls.map(
        ([u]) => String(u),
      );
    render(<App fetchImpl={fetchImpl} />);

    expect(
      await screen.findByRole('button', { name: 'Open message m-d1' }),
    ).toBeTruthy();
    expect(
      (screen.getByLabelText('Status', { exact: true }) as HTMLSelectElement)
        .value,
    ).toBe('failed');
    expect(deliveryQueries(urls())).toEqual([
      '?status=failed&response_status=500',
    ]);

    fireEvent.change(screen.getByLabelText('Event'), {
      target: { value: 'cv-score-finished' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(window.location.search).toBe(
        '?status=failed&event=cv-score-finished&response_status=500',
      ),
    );
    await waitFor(() =>
      expect(deliveryQueries(urls()).at(-1)).toBe(
        '?status=failed&event=cv-score-finished&response_status=500',
      ),
    );

    fireEvent.click(
      screen.getByRole('button', { name: 'Refresh logs (keeps filters)' }),
    );
    await waitFor(() => expect(deliveryQueries(urls())).toHaveLength(3));
    expect(deliveryQueries(urls()).at(-1)).toBe(
      '?status=failed&event=cv-score-finished&response_status=500',
    );

    fireEvent.click(screen.getByRole('button', { name: 'Next page' }));
    expect(
      await screen.findByRole('button', { name: 'Open message m-d2' }),
    ).toBeTruthy();
    expect(window.location.search).toBe(
      '?status=failed&event=cv-score-finished&response_status=500&cursor=page-2',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Previous page' }));
    expect(
      await screen.findByRole('button', { name: 'Open message m-d1' }),
    ).toBeTruthy();
    expect(window.location.search).not.toContain('cursor');
    // The chart comes from the stats route, over the default range (24 hours in 1-hour bars).
    expect(urls().find((u) => u.startsWith('/v1/logs/stats'))).toMatch(
      /^\/v1\/logs\/stats\?since=[^&]+&bucket=1h$/,
    );
  });
});
