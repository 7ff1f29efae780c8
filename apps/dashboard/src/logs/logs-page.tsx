import { useId, useState, type FormEvent } from 'react';
import {
  DELIVERY_STATUSES,
  type Delivery,
  type IncomingRequest,
  type List,
  type StatsBucket,
} from '../api/types';
import { useApp } from '../app-context';
import { navigate, useLocation } from '../router/router';
import {
  Empty,
  ErrorNotice,
  Loading,
  StatusBadge,
  formatTime,
  useAsync,
} from '../ui/common';
import { DeliveryChart, bucketsFromDeliveries, parseStats } from './chart';
import {
  CHART_RANGES,
  DEFAULT_RANGE,
  PAGE_SIZES,
  apiQuery,
  filterNames,
  parseLogsView,
  serializeLogsView,
  statsQuery,
  withFilters,
  type ChartRange,
  type LogTab,
  type LogsView,
} from './filters';
import { MessageDetailPanel } from './message-detail';
import {
  EndpointLabel,
  MessageLink,
  type EndpointNames,
} from './delivery-cells';
import { LiveTail } from './live-tail';

const LABELS: Record<string, string> = {
  status: 'Status',
  event: 'Event',
  endpoint_id: 'Endpoint ID',
  message_id: 'Message ID',
  since: 'Since',
  until: 'Until',
  response_status: 'Response status',
};

function go(view: LogsView, replace = false) {
  navigate(`/logs${serializeLogsView(view)}`, { replace });
}

export function LogsPage() {
  const { api } = useApp();
  const { search } = useLocation();
  const view = parseLogsView(search);
  const viewKey = serializeLogsView({ ...view, message: null });
  const [selectedIncoming, setSelectedIncoming] =
    useState<IncomingRequest | null>(null);
  // Cursors of the pages before this one, to go back without the server knowing about it.
  const [previous, setPrevious] = useState<(string | null)[]>([]);

  const [list, reload, refreshing] = useAsync<
    List<Delivery> | List<IncomingRequest>
  >(
    () =>
      view.tab === 'incoming'
        ? api.listIncoming(apiQuery(view))
        : api.listDeliveries(apiQuery(view)),
    [api, viewKey],
  );
  const [stats, reloadStats] = useAsync<StatsBucket[] | null>(async () => {
    if (view.tab !== 'deliveries') return null;
    try {
      return parseStats(await api.logStats(statsQuery(view)));
    } catch (e) {
      // Without the stats route the chart falls back to the deliveries listed.
      if ((e as { status?: number }).status === 404) return null;
      throw e;
    }
  }, [api, viewKey]);

  // Endpoint URLs for the endpoint column; the log keeps ids only.
  const [endpointList] = useAsync<EndpointNames>(async () => {
    const page = await api.listEndpoints({ limit: 100 });
    return new Map(page.data.map((e) => [e.id, e.url]));
  }, [api]);
  const endpoints: EndpointNames =
    endpointList.state === 'ready' ? endpointList.data : new Map();

  const refresh = () => {
    reload();
    reloadStats();
  };

  const setTab = (tab: LogTab) => {
    setPrevious([]);
    setSelectedIncoming(null);
    go({ tab, filters: {}, cursor: null, limit: view.limit, message: null });
  };

  const deliveries =
    view.tab === 'deliveries' && list.state === 'ready'
      ? (list.data.data as Delivery[])
      : [];
  const chartBuckets =
    stats.state === 'ready' && stats.data
      ? stats.data
      : bucketsFromDeliveries(deliveries);

  return (
    <div className="logs">
      <div className="page-head">
        <h1>Logs</h1>
        <button
          type="button"
          className="btn"
          onClick={refresh}
          disabled={refreshing}
          aria-label="Refresh logs (keeps filters)"
        >
          {refreshing ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      <div role="tablist" aria-label="Log" className="tabs">
        {(['deliveries', 'incoming'] as const).map((tab) => (
          <button
            key={tab}
            type="button"
            role="tab"
            id={`tab-${tab}`}
            aria-selected={view.tab === tab}
            aria-controls="logs-panel"
            tabIndex={view.tab === tab ? 0 : -1}
            onClick={() => setTab(tab)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft')
                setTab(tab === 'deliveries' ? 'incoming' : 'deliveries');
            }}
          >
            {tab === 'deliveries' ? 'Outgoing deliveries' : 'Incoming requests'}
          </button>
        ))}
      </div>
      <div id="logs-panel" role="tabpanel" aria-labelledby={`tab-${view.tab}`}>
        <FilterForm
          key={viewKey}
          view={view}
          onApply={(filters, limit) => {
            setPrevious([]);
            go({ ...withFilters(view, filters), limit });
          }}
        />
        {view.tab === 'deliveries' && (
          <div className="card">
            <RangePicker
              view={view}
              onPick={(range) => go({ ...view, range, cursor: null })}
            />
            {stats.state === 'error' ? (
              <ErrorNotice error={stats.error} onRetry={reloadStats} />
            ) : chartBuckets.length ? (
              <DeliveryChart
                buckets={chartBuckets}
                caption={
                  stats.state === 'ready' && stats.data
                    ? `Deliveries over ${
                        view.filters['since'] || view.filters['until']
                          ? 'the filtered time range'
                          : RANGE_LABELS[view.range ?? DEFAULT_RANGE]
                      } by outcome`
                    : 'Deliveries on this page by outcome'
                }
              />
            ) : (
              stats.state !== 'loading' && (
                <p className="muted">
                  No deliveries to chart for these filters.
                </p>
              )
            )}
          </div>
        )}
        {/* The detail sits above the list so it is seen without scrolling past a long page. */}
        {selectedIncoming && view.tab === 'incoming' && (
          <IncomingDetail
            row={selectedIncoming}
            onClose={() => setSelectedIncoming(null)}
          />
        )}
        {view.message && (
          <MessageDetailPanel
            key={view.message}
            messageId={view.message}
            onClose={() => go({ ...view, message: null })}
          />
        )}
        {view.tab === 'deliveries' && (
          <LiveTail
            api={api}
            endpoints={endpoints}
            onOpen={(m) => go({ ...view, message: m })}
          />
        )}
        {list.state === 'loading' && <Loading label="Loading logs…" />}
        {list.state === 'error' && (
          <ErrorNotice error={list.error} onRetry={reload} />
        )}
        {list.state === 'ready' && list.data.data.length === 0 && (
          <Empty title="Nothing here">
            {Object.keys(view.filters).length
              ? 'No entries match these filters.'
              : 'No entries yet: send an event and it shows up here.'}
          </Empty>
        )}
        {list.state === 'ready' && list.data.data.length > 0 && (
          <>
            {view.tab === 'deliveries' ? (
              <DeliveriesTable
                rows={deliveries}
                endpoints={endpoints}
                selected={view.message}
                onOpen={(m) => go({ ...view, message: m })}
              />
            ) : (
              <IncomingTable
                rows={list.data.data as IncomingRequest[]}
                selected={selectedIncoming?.id ?? null}
                onOpen={(r) => {
                  setSelectedIncoming(r);
                  if (r.message_id) go({ ...view, message: r.message_id });
                }}
              />
            )}
            <nav className="pager" aria-label="Pages">
              <button
                type="button"
                className="btn btn-small"
                disabled={!view.cursor}
                onClick={() => {
                  const prev = previous[previous.length - 1] ?? null;
                  setPrevious(previous.slice(0, -1));
                  go({ ...view, cursor: prev });
                }}
              >
                Previous page
              </button>
              <button
                type="button"
                className="btn btn-small"
                disabled={!list.data.next_cursor}
                onClick={() => {
                  setPrevious([...previous, view.cursor]);
                  go({ ...view, cursor: list.data.next_cursor });
                }}
              >
                Next page
              </button>
            </nav>
          </>
        )}
      </div>
    </div>
  );
}

function FilterForm({
  view,
  onApply,
}: {
  view: LogsView;
  onApply: (filters: Record<string, string>, limit: number | null) => void;
}) {
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>(view.filters);
  const [limit, setLimit] = useState(view.limit ? String(view.limit) : '');
  // No syncing effect: the form is keyed by the URL view, so a new view mounts a fresh form.
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(values, limit ? Number(limit) : null);
  };
  const set = (name: string, v: string) => setValues({ ...values, [name]: v });
  return (
    <form className="filters card" onSubmit={submit} aria-label="Filters">
      {filterNames(view.tab).map((name) => {
        const inputId = `${id}-${name}`;
        const label =
          name === 'status' && view.tab === 'incoming'
            ? 'HTTP status'
            : (LABELS[name] ?? name);
        return (
          <div className="field" key={name}>
            <label htmlFor={inputId}>{label}</label>
            {name === 'status' && view.tab === 'deliveries' ? (
              <select
                id={inputId}
                value={values[name] ?? ''}
                onChange={(e) => set(name, e.target.value)}
              >
                <option value="">Any</option>
                {DELIVERY_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            ) : name === 'since' || name === 'until' ? (
              <input
                id={inputId}
                type="datetime-local"
                value={values[name] ?? ''}
                onChange={(e) => set(name, e.target.value)}
              />
            ) : (
              <input
                id={inputId}
                inputMode={name.endsWith('status') ? 'numeric' : undefined}
                value={values[name] ?? ''}
                onChange={(e) => set(name, e.target.value)}
              />
            )}
          </div>
        );
      })}
      <div className="field">
        <label htmlFor={`${id}-limit`}>Per page</label>
        <select
          id={`${id}-limit`}
          value={limit}
          onChange={(e) => setLimit(e.target.value)}
        >
          <option value="">Default</option>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary">
          Apply filters
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            setValues({});
            onApply({}, null);
          }}
        >
          Clear
        </button>
      </div>
    </form>
  );
}

const RANGE_LABELS: Record<ChartRange, string> = {
  '1h': 'the last hour',
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
};

function RangePicker({
  view,
  onPick,
}: {
  view: LogsView;
  onPick: (range: ChartRange) => void;
}) {
  const custom = !!(view.filters['since'] || view.filters['until']);
  const current = view.range ?? DEFAULT_RANGE;
  return (
    <div className="range-picker" role="group" aria-label="Chart range">
      {(Object.keys(CHART_RANGES) as ChartRange[]).map((r) => (
        <button
          key={r}
          type="button"
          className="btn btn-small"
          aria-pressed={!custom && r === current}
          disabled={custom}
          title={
            custom ? 'The Since/Until filters set the range' : RANGE_LABELS[r]
          }
          onClick={() => onPick(r)}
        >
          {r.replace(/(\d+)/, '$1 ')}
        </button>
      ))}
    </div>
  );
}

function DeliveriesTable({
  rows,
  endpoints,
  selected,
  onOpen,
}: {
  rows: Delivery[];
  endpoints: EndpointNames;
  selected: string | null;
  onOpen: (messageId: string) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">Outgoing deliveries</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Event</th>
            <th scope="col">Endpoint</th>
            <th scope="col">Status</th>
            <th scope="col">Response</th>
            <th scope="col">Attempts</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id} aria-selected={selected === d.message_id}>
              <td>
                {formatTime(d.last_attempt_at ?? d.updated_at ?? d.created_at)}
              </td>
              <td>
                <code>{d.event}</code>
              </td>
              <td>
                <EndpointLabel id={d.endpoint_id} endpoints={endpoints} />
              </td>
              <td>
                <StatusBadge status={d.status} />
              </td>
              <td>{d.last_response_status ?? '—'}</td>
              <td>
                {Array.isArray(d.attempts) ? d.attempts.length : d.attempts}
              </td>
              <td>
                <MessageLink id={d.message_id} onOpen={onOpen} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IncomingTable({
  rows,
  selected,
  onOpen,
}: {
  rows: IncomingRequest[];
  selected: string | null;
  onOpen: (r: IncomingRequest) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="sr-only">Incoming requests</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Request</th>
            <th scope="col">Status</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} aria-selected={selected === r.id}>
              <td>{formatTime(r.received_at)}</td>
              <td>
                <button
                  type="button"
                  className="link mono"
                  onClick={() => onOpen(r)}
                  aria-label={`Open request ${r.method} ${r.path}`}
                >
                  {r.method} {r.path}
                </button>
              </td>
              <td>
                <span
                  className={`badge ${r.status < 400 ? 'badge-succeeded' : 'badge-failed'}`}
                >
                  {r.status}
                </span>
                {r.repeated > 0 && (
                  <span
                    className="muted"
                    title={`stands for ${r.repeated} more refused requests of the same second`}
                  >
                    {' '}
                    ×{r.repeated + 1}
                  </span>
                )}
              </td>
              <td className="mono">
                {r.message_id ? `${r.message_id.slice(0, 8)}…` : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function IncomingDetail({
  row,
  onClose,
}: {
  row: IncomingRequest;
  onClose: () => void;
}) {
  return (
    <section className="card panel" aria-label="Incoming request detail">
      <div className="panel-head">
        <h2>
          <span className="muted">Request</span> {row.method} {row.path}
        </h2>
        <button
          type="button"
          className="btn btn-ghost"
          aria-label="Close request detail"
          onClick={onClose}
        >
          ×
        </button>
      </div>
      <dl className="facts">
        <dt>Time</dt>
        <dd>{formatTime(row.received_at)}</dd>
        <dt>Status</dt>
        <dd>{row.status}</dd>
        {row.repeated > 0 && (
          <>
            <dt>Repeated</dt>
            <dd>
              {row.repeated} more requests refused in the same second, logged
              as this one (the latest of them)
            </dd>
          </>
        )}
        <dt>Message</dt>
        <dd className="mono">{row.message_id ?? '—'}</dd>
      </dl>
      {row.headers && (
        <>
          <h3>Headers</h3>
          <pre tabIndex={0}>
            {Object.entries(row.headers)
              .map(([k, v]) => `${k}: ${v}`)
              .join('\n')}
          </pre>
        </>
      )}
      <h3>Body excerpt</h3>
      <pre tabIndex={0}>{row.body_excerpt || '(empty)'}</pre>
    </section>
  );
}
