import { useId, useState } from 'react';
import type { ApiError } from '../api/client';
import type { Attempt, MessageDetail } from '../api/types';
import { useApp } from '../app-context';
import {
  ErrorNotice,
  Loading,
  StatusBadge,
  formatTime,
  prettyJson,
  toApiError,
  useAsync,
} from '../ui/common';

/** `name: value` lines and a blank line before the body; nothing when there are no headers. */
function headerBlock(headers: Record<string, string> | undefined): string {
  const lines = Object.entries(headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  return lines.length ? `${lines.join('\n')}\n\n` : '';
}

function attemptSucceeded(a: Attempt): boolean {
  return a.succeeded ?? (!!a.response_status && a.response_status < 300);
}

/** The body the endpoint received: exactly `{"event","id","payload"}` (PRODUCT.md). */
function sentBody(msg: MessageDetail): string {
  if (msg.payload === null) return '(the message body is not recorded yet)';
  return JSON.stringify({ event: msg.event, id: msg.id, payload: msg.payload });
}

export function MessageDetailPanel({
  messageId,
  onClose,
}: {
  messageId: string;
  onClose: () => void;
}) {
  const { api } = useApp();
  const id = useId();
  const [detail, reload, refreshing] = useAsync(
    () => api.getMessage(messageId),
    [api, messageId],
  );
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  const retry = async (what: string, call: () => Promise<unknown>) => {
    setNotice(null);
    setError(null);
    try {
      await call();
      setNotice(`${what}: a new attempt is on its way.`);
      reload();
    } catch (e) {
      setError(toApiError(e));
    }
  };

  return (
    <section className="card panel detail" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>
          <span className="muted">Message</span> <code>{messageId}</code>
        </h2>
        <div>
          <button
            type="button"
            className="btn btn-small"
            onClick={reload}
            disabled={refreshing}
          >
            Refresh detail
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            aria-label="Close message detail"
            onClick={onClose}
          >
            ×
          </button>
        </div>
      </div>
      {detail.state === 'loading' && <Loading label="Loading the message…" />}
      {detail.state === 'error' && (
        <ErrorNotice error={detail.error} onRetry={reload} />
      )}
      {notice && (
        <p className="state state-ok" role="status">
          {notice}
        </p>
      )}
      {error && <ErrorNotice error={error} />}
      {detail.state === 'ready' && (
        <>
          <dl className="facts">
            <dt>Event</dt>
            <dd>
              <code>{detail.data.event}</code>
            </dd>
            <dt>Received</dt>
            <dd>{formatTime(detail.data.created_at)}</dd>
          </dl>
          <button
            type="button"
            className="btn"
            onClick={() =>
              void retry('Message retried', () => api.retryMessage(messageId))
            }
          >
            Retry message to every endpoint
          </button>
          <details>
            <summary>Payload</summary>
            <pre tabIndex={0}>{prettyJson(detail.data.payload)}</pre>
          </details>
          {detail.data.deliveries.length === 0 && (
            <p className="muted">
              No deliveries: no enabled endpoint subscribes to this event.
            </p>
          )}
          {detail.data.deliveries.map((d) => (
            <div key={d.id} className="delivery" data-testid="delivery">
              <div className="delivery-head">
                <StatusBadge status={d.status} />
                <span>
                  to <code>{d.endpoint_id}</code>
                </span>
                {d.next_attempt_at && (
                  <span className="muted small">
                    next attempt {formatTime(d.next_attempt_at)}
                  </span>
                )}
                <button
                  type="button"
                  className="btn btn-small"
                  aria-label={`Retry delivery to ${d.endpoint_id}`}
                  onClick={() =>
                    void retry('Delivery retried', () =>
                      api.retryDelivery(d.id),
                    )
                  }
                >
                  Retry delivery
                </button>
              </div>
              <ol className="timeline" aria-label="Attempts">
                {d.attempts.length === 0 && (
                  <li className="muted">No attempt yet.</li>
                )}
                {d.attempts.map((a, i) => (
                  <li
                    key={a.id ?? i}
                    className={attemptSucceeded(a) ? 'ok' : 'bad'}
                  >
                    <div className="attempt-head">
                      <strong>Attempt {a.attempt_number ?? i + 1}</strong>
                      {a.trigger === 'manual' && (
                        <span className="tag">manual</span>
                      )}
                      <span>
                        {formatTime(a.started_at)}
                      </span>
                      <span>
                        {a.response_status
                          ? `HTTP ${a.response_status}`
                          : 'no response'}
                      </span>
                      {a.duration_ms !== undefined &&
                        a.duration_ms !== null && (
                          <span className="muted">{a.duration_ms} ms</span>
                        )}
                      {a.error && (
                        <span className="field-error">{a.error}</span>
                      )}
                    </div>
                    <details>
                      <summary>Request</summary>
                      <pre tabIndex={0}>
                        {headerBlock(a.request_headers)}
                        {prettyJson(sentBody(detail.data))}
                      </pre>
                    </details>
                    <details>
                      <summary>Response {a.response_status ?? ''}</summary>
                      <pre tabIndex={0}>
                        {headerBlock(a.response_headers)}
                        {a.response_body
                          ? prettyJson(a.response_body)
                          : '(empty body)'}
                      </pre>
                    </details>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </>
      )}
    </section>
  );
}
