import { useState } from 'react';
import type { ApiError } from '../api/client';
import type { Endpoint, EndpointInput, EventType } from '../api/types';
import { useApp } from '../app-context';
import {
  Dialog,
  Empty,
  ErrorNotice,
  Loading,
  toApiError,
  useAsync,
} from '../ui/common';
import { EndpointForm } from './endpoint-form';
import { EndpointPanel } from './endpoint-panel';
import { HealthCell, healthById } from './endpoint-health';
import { Link, useLocation } from '../router/router';

export function WebhooksPage() {
  const { api, environment } = useApp();
  const [pages, setPages] = useState<Endpoint[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [list, reload] = useAsync(async () => {
    const res = await api.listEndpoints({ limit: 50 });
    setPages([]);
    setCursor(res.next_cursor);
    return res.data;
  }, [api]);
  // The catalogue only feeds the event filter: if it fails the form still works with free names.
  const [catalogue] = useAsync<EventType[]>(() => api.listEventTypes(), [api]);
  const [editing, setEditing] = useState<Endpoint | 'new' | null>(null);
  // `?endpoint=<id>` (the delivery log's endpoint links) opens that endpoint.
  const { search } = useLocation();
  const [selected, setSelected] = useState<string | null>(() =>
    new URLSearchParams(search).get('endpoint'),
  );
  const [health, reloadHealth] = useAsync(
    async () => healthById(await api.endpointHealth()),
    [api],
  );
  const [tested, setTested] = useState<{
    url: string;
    messageId: string;
  } | null>(null);
  const [deleting, setDeleting] = useState<Endpoint | null>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const endpoints = list.state === 'ready' ? [...list.data, ...pages] : [];
  const eventTypes = catalogue.state === 'ready' ? catalogue.data : [];

  const loadMore = async () => {
    if (!cursor) return;
    try {
      const res = await api.listEndpoints({ limit: 50, cursor });
      setPages((p) => [...p, ...res.data]);
      setCursor(res.next_cursor);
    } catch (e) {
      setActionError(toApiError(e));
    }
  };

  const save = async (input: EndpointInput) => {
    if (editing === 'new') {
      const created = await api.createEndpoint(input);
      setSelected(created.id);
    } else if (editing) {
      await api.updateEndpoint(editing.id, input);
    }
    setEditing(null);
    reload();
  };

  const run = async (what: string, action: () => Promise<unknown>) => {
    setBusy(what);
    setActionError(null);
    try {
      await action();
      reload();
    } catch (e) {
      setActionError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  const selectedEndpoint = endpoints.find((e) => e.id === selected);

  return (
    <div className="webhooks">
      <div className="page-head">
        <h1>Webhooks</h1>
        <p className="muted">Endpoints of the {environment} environment.</p>
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setEditing('new')}
        >
          Add endpoint
        </button>
      </div>
      {actionError && <ErrorNotice error={actionError} />}
      {tested && (
        <p className="notice" role="status">
          Test event sent to {tested.url}:{' '}
          <Link to={`/logs?message=${encodeURIComponent(tested.messageId)}`}>
            see it in the delivery log
          </Link>{' '}
          <button
            type="button"
            className="btn btn-small"
            onClick={reloadHealth}
          >
            Refresh health
          </button>
        </p>
      )}
      {list.state === 'loading' && <Loading label="Loading endpoints…" />}
      {list.state === 'error' && (
        <ErrorNotice error={list.error} onRetry={reload} />
      )}
      {list.state === 'ready' && endpoints.length === 0 && (
        <Empty title="No endpoints yet">
          Add an endpoint: its URL receives a signed POST for every event it
          subscribes to.
        </Empty>
      )}
      {endpoints.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="sr-only">Endpoints</caption>
            <thead>
              <tr>
                <th scope="col">URL</th>
                <th scope="col">Events</th>
                <th scope="col">Status</th>
                <th scope="col">Last 24 h</th>
                <th scope="col">Rate limit</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {endpoints.map((ep) => (
                <tr
                  key={ep.id}
                  aria-selected={ep.id === selected}
                  className={
                    health.state === 'ready' &&
                    health.data.get(ep.id)?.last_succeeded === false
                      ? 'row-failing'
                      : undefined
                  }
                >
                  <td>
                    <button
                      type="button"
                      className="link"
                      onClick={() => setSelected(ep.id)}
                      aria-label={`Open ${ep.url}`}
                    >
                      {ep.url}
                    </button>
                    {ep.description && (
                      <div className="muted small">{ep.description}</div>
                    )}
                  </td>
                  <td>
                    {ep.event_types.length ? (
                      ep.event_types.map((e) => (
                        <code key={e} className="tag">
                          {e}
                        </code>
                      ))
                    ) : (
                      <span className="muted">All events</span>
                    )}
                  </td>
                  <td>
                    {ep.enabled ? (
                      <span className="badge badge-succeeded">enabled</span>
                    ) : (
                      <>
                        <span className="badge badge-failed">disabled</span>
                        {ep.disabled_reason && (
                          <div className="small disabled-reason">
                            {ep.disabled_reason}
                          </div>
                        )}
                      </>
                    )}
                  </td>
                  <td>
                    <HealthCell
                      health={
                        health.state === 'ready'
                          ? health.data.get(ep.id)
                          : undefined
                      }
                      loading={health.state === 'loading'}
                      failed={health.state === 'error'}
                    />
                  </td>
                  <td>
                    {ep.rate_limit ? (
                      `${ep.rate_limit}/s`
                    ) : (
                      <span className="muted">none</span>
                    )}
                  </td>
                  <td>
                    <div className="row-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={() => setEditing(ep)}
                        aria-label={`Edit ${ep.url}`}
                      >
                        Edit
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={busy === ep.id}
                        aria-label={`${ep.enabled ? 'Disable' : 'Enable'} ${ep.url}`}
                        onClick={() =>
                          void run(ep.id, () =>
                            api.updateEndpoint(ep.id, { enabled: !ep.enabled }),
                          )
                        }
                      >
                        {ep.enabled ? 'Disable' : 'Enable'}
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        disabled={busy === `test-${ep.id}`}
                        aria-label={`Test ${ep.url}`}
                        onClick={() =>
                          void run(`test-${ep.id}`, async () => {
                            const { webhook_message_id } = await api.sendTest(
                              ep.id,
                            );
                            setTested({
                              url: ep.url,
                              messageId: webhook_message_id,
                            });
                          })
                        }
                      >
                        Send test
                      </button>
                      <button
                        type="button"
                        className="btn btn-small btn-danger"
                        onClick={() => setDeleting(ep)}
                        aria-label={`Delete ${ep.url}`}
                      >
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {cursor && (
            <button
              type="button"
              className="btn"
              onClick={() => void loadMore()}
            >
              Load more endpoints
            </button>
          )}
        </div>
      )}

      {selectedEndpoint && (
        <EndpointPanel
          key={selectedEndpoint.id}
          endpoint={selectedEndpoint}
          onClose={() => setSelected(null)}
        />
      )}

      <Dialog
        title={editing === 'new' ? 'Add endpoint' : 'Edit endpoint'}
        open={editing !== null}
        onClose={() => setEditing(null)}
      >
        {editing !== null && (
          <EndpointForm
            key={editing === 'new' ? 'new' : editing.id}
            endpoint={editing === 'new' ? undefined : editing}
            eventTypes={eventTypes}
            onSubmit={save}
            onCancel={() => setEditing(null)}
          />
        )}
      </Dialog>

      <Dialog
        title="Delete endpoint"
        open={deleting !== null}
        onClose={() => setDeleting(null)}
      >
        {deleting && (
          <div>
            <p>
              Delete <strong>{deleting.url}</strong>? It stops receiving events
              at once; its delivery logs stay.
            </p>
            <div className="actions">
              <button
                type="button"
                className="btn btn-danger"
                onClick={() =>
                  void run(deleting.id, async () => {
                    await api.deleteEndpoint(deleting.id);
                    if (selected === deleting.id) setSelected(null);
                    setDeleting(null);
                  })
                }
              >
                Delete endpoint
              </button>
              <button
                type="button"
                className="btn"
                onClick={() => setDeleting(null)}
              >
                Cancel
              </button>
            </div>
          </div>
        )}
      </Dialog>
    </div>
  );
}
