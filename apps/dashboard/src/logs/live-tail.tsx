import { useEffect, useRef, useState } from 'react';
import { readEventStream } from '@fastgen/event-stream';
import type { ApiClient } from '../api/client';
import type { StreamAttempt } from '../api/live-types';
import { StatusBadge, formatTime } from '../ui/common';
import {
  EndpointLabel,
  MessageLink,
  type EndpointNames,
} from './delivery-cells';

export type LiveState = 'connecting' | 'live' | 'paused' | 'reconnecting';

const MAX_ROWS = 50;
const RECONNECT_MS = 1_000;

/**
 * Delivery attempts as they happen, from GET /v1/stream (no polling). Pausing closes the stream;
 * resuming reopens it with the last event id, so what happened meanwhile arrives too.
 */
export function useLiveAttempts(
  api: ApiClient,
  running: boolean,
): { attempts: StreamAttempt[]; state: LiveState } {
  const [attempts, setAttempts] = useState<StreamAttempt[]>([]);
  const [state, setState] = useState<LiveState>(
    running ? 'connecting' : 'paused',
  );
  const lastId = useRef<string | undefined>(undefined);

  useEffect(() => {
    if (!running) {
      setState('paused');
      return;
    }
    const abort = new AbortController();
    const run = async () => {
      while (!abort.signal.aborted) {
        try {
          const body = await api.openStream(
            ['attempt'],
            lastId.current,
            abort.signal,
          );
          for await (const e of readEventStream(body, lastId.current)) {
            lastId.current = e.id;
            if (e.event === 'ready') setState('live');
            if (e.event !== 'attempt') continue;
            const a = JSON.parse(e.data) as StreamAttempt;
            setAttempts((list) =>
              list.some((x) => x.id === a.id)
                ? list
                : [a, ...list].slice(0, MAX_ROWS),
            );
          }
        } catch {
          // dropped or refused: try again shortly (the key may have been switched meanwhile)
        }
        if (abort.signal.aborted) return;
        setState('reconnecting');
        await new Promise((r) => setTimeout(r, RECONNECT_MS));
      }
    };
    setState(lastId.current ? 'reconnecting' : 'connecting');
    void run();
    return () => abort.abort();
  }, [api, running]);

  return { attempts, state };
}

const STATE_TEXT: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  paused: 'Paused',
  reconnecting: 'Reconnecting…',
};

export function LiveTail({
  api,
  endpoints,
  onOpen,
}: {
  api: ApiClient;
  endpoints: EndpointNames;
  onOpen: (messageId: string) => void;
}) {
  const [running, setRunning] = useState(true);
  const { attempts, state } = useLiveAttempts(api, running);
  return (
    <section className="card live-tail" aria-label="Live deliveries">
      <div className="panel-head">
        <h2>
          Live deliveries{' '}
          <span
            className={`live-state live-${state}`}
            role="status"
            aria-live="polite"
          >
            {STATE_TEXT[state]}
          </span>
        </h2>
        <button
          type="button"
          className="btn btn-small"
          aria-pressed={!running}
          onClick={() => setRunning(!running)}
        >
          {running ? 'Pause' : 'Resume'}
        </button>
      </div>
      {attempts.length === 0 ? (
        <p className="muted">
          Waiting for deliveries: new attempts appear here as they happen.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">
              Delivery attempts as they happen, newest first
            </caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Event</th>
                <th scope="col">Endpoint</th>
                <th scope="col">Status</th>
                <th scope="col">Response</th>
                <th scope="col">Message</th>
              </tr>
            </thead>
            <tbody>
              {attempts.map((a) => (
                <tr key={a.id}>
                  <td>{formatTime(a.started_at)}</td>
                  <td>
                    <code>{a.event}</code>
                  </td>
                  <td>
                    <EndpointLabel
                      id={a.endpoint_id}
                      endpoints={endpoints}
                      url={a.url}
                    />
                  </td>
                  <td>
                    <StatusBadge status={a.delivery_status} />
                  </td>
                  <td>
                    {a.response_status ?? a.error ?? '—'}{' '}
                    <span className="muted small">
                      ({Math.round(a.duration_ms)} ms)
                    </span>
                  </td>
                  <td>
                    <MessageLink id={a.message_id} onOpen={onOpen} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
