import {
  cleanup,
  fireEvent,
  render,
  screen,
  waitFor,
} from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client';
import { LiveTail } from './live-tail';

const attempt = (id: string) => ({
  id,
  delivery_id: `d-${id}`,
  message_id: `m-${id}-0000000000`,
  endpoint_id: 'e1',
  event: 'order.paid',
  attempt_number: 1,
  started_at: '2026-01-01T10:00:00Z',
  duration_ms: 12,
  url: 'https://hooks.example.com/x',
  response_status: 200,
  error: null,
  succeeded: true,
  delivery_status: 'succeeded',
  next_attempt_at: null,
});

/** A /v1/stream that sends `events` and stays open until the request is aborted. */
function streamingFetch(events: string[][]) {
  const calls: { lastEventId: string | undefined; signal: AbortSignal }[] = [];
  const fetchImpl = vi.fn(
    async (_url: RequestInfo | URL, init?: RequestInit) => {
      const headers = init?.headers as Record<string, string>;
      const signal = init!.signal!;
      calls.push({ lastEventId: headers['last-event-id'], signal });
      const chunks = events[calls.length - 1] ?? [];
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          for (const c of chunks)
            controller.enqueue(new TextEncoder().encode(c));
          signal.addEventListener('abort', () =>
            controller.error(new DOMException('aborted', 'AbortError')),
          );
        },
      });
      return new Response(body, {
        status: 200,
        headers: { 'content-type': 'text/event-stream' },
      });
    },
  );
  return { fetchImpl: fetchImpl as unknown as typeof fetch, calls };
}

describe('live tail', () => {
  afterEach(cleanup);

  it('shows attempts as they arrive, and resumes after a pause from the last event id', async () => {
    const { fetchImpl, calls } = streamingFetch([
      [
        'id: c1\nevent: ready\ndata: {}\n\n',
        `id: c2\nevent: attempt\ndata: ${JSON.stringify(attempt('a1'))}\n\n`,
      ],
      [
        'id: c3\nevent: ready\ndata: {}\n\n',
        `id: c4\nevent: attempt\ndata: ${JSON.stringify(attempt('a2'))}\n\n`,
      ],
    ]);
    const api = new ApiClient({ getKey: () => 'fg_dev_x', fetchImpl });
    render(
      <LiveTail
        api={api}
        endpoints={new Map([['e1', 'https://hooks.example.com/x']])}
        onOpen={() => undefined}
      />,
    );

    expect(
      await screen.findByRole('button', {
        name: 'Open message m-a1-0000000000',
      }),
    ).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Live');
    expect(calls[0]!.lastEventId).toBeUndefined();

    fireEvent.click(screen.getByRole('button', { name: 'Pause' }));
    await waitFor(() =>
      expect(screen.getByRole('status').textContent).toBe('Paused'),
    );
    expect(calls[0]!.signal.aborted).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Resume' }));
    expect(
      await screen.findByRole('button', {
        name: 'Open message m-a2-0000000000',
      }),
    ).toBeTruthy();
    expect(calls[1]!.lastEventId).toBe('c2');
    // Newest first, the earlier row kept.
    const rows = screen
      .getAllByRole('button', { name: /^Open message / })
      .map((b) => b.getAttribute('aria-label'));
    expect(rows).toEqual([
      'Open message m-a2-0000000000',
      'Open message m-a1-0000000000',
    ]);
  });
});
