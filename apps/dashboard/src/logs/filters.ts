import type { Query } from '../api/client';

// Every filter of the log API lives in the URL query string, so a filtered view can be shared
// and survives a refresh. `tab` picks the list, `message` opens the detail panel.

export type LogTab = 'deliveries' | 'incoming';

export const DELIVERY_FILTERS = [
  'status',
  'event',
  'endpoint_id',
  'message_id',
  'since',
  'until',
  'response_status',
] as const;
export const INCOMING_FILTERS = [
  'status',
  'message_id',
  'since',
  'until',
] as const;

export type DeliveryFilter = (typeof DELIVERY_FILTERS)[number];
export type IncomingFilter = (typeof INCOMING_FILTERS)[number];

/** The chart's time range (when no since/until filter is set). */
export const CHART_RANGES = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 604_800_000,
  '30d': 2_592_000_000,
} as const;
export type ChartRange = keyof typeof CHART_RANGES;
export const DEFAULT_RANGE: ChartRange = '24h';

export interface LogsView {
  tab: LogTab;
  range?: ChartRange;
  filters: Record<string, string>;
  cursor: string | null;
  limit: number | null;
  message: string | null;
}

export const PAGE_SIZES = [25, 50, 100];

export function filterNames(tab: LogTab): readonly string[] {
  return tab === 'incoming' ? INCOMING_FILTERS : DELIVERY_FILTERS;
}

export function parseLogsView(search: string): LogsView {
  const p = new URLSearchParams(search);
  const tab: LogTab = p.get('tab') === 'incoming' ? 'incoming' : 'deliveries';
  const filters: Record<string, string> = {};
  for (const name of filterNames(tab)) {
    const v = p.get(name)?.trim();
    if (v) filters[name] = v;
  }
  const limit = Number(p.get('limit'));
  const range = p.get('range');
  return {
    tab,
    ...(range && range in CHART_RANGES && range !== DEFAULT_RANGE
      ? { range: range as ChartRange }
      : {}),
    filters,
    cursor: p.get('cursor') || null,
    limit: Number.isInteger(limit) && limit > 0 ? limit : null,
    message: p.get('message') || null,
  };
}

/** Query string of a view, in a stable order, without empty values; `tab=deliveries` is the default and left out. */
export function serializeLogsView(view: LogsView): string {
  const p = new URLSearchParams();
  if (view.tab !== 'deliveries') p.set('tab', view.tab);
  for (const name of filterNames(view.tab)) {
    const v = view.filters[name]?.trim();
    if (v) p.set(name, v);
  }
  if (view.range && view.range !== DEFAULT_RANGE) p.set('range', view.range);
  if (view.limit) p.set('limit', String(view.limit));
  if (view.cursor) p.set('cursor', view.cursor);
  if (view.message) p.set('message', view.message);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The API query for a view: its filters, page size and cursor. */
export function apiQuery(view: LogsView): Query {
  const q: Query = { ...view.filters };
  if (view.limit) q['limit'] = view.limit;
  if (view.cursor) q['cursor'] = view.cursor;
  // datetime-local inputs give local wall time without zone; the API wants an instant.
  for (const k of ['since', 'until']) {
    const v = view.filters[k];
    if (v && !/[zZ]|[+-]\d\d:?\d\d$/.test(v)) {
      const d = new Date(v);
      if (!Number.isNaN(d.getTime())) q[k] = d.toISOString();
    }
  }
  return q;
}

/** A new view with changed filters: paging restarts at the first page. */
export function withFilters(
  view: LogsView,
  filters: Record<string, string>,
): LogsView {
  return { ...view, filters, cursor: null };
}

// Bucket sizes the stats route offers, in seconds.
const BUCKETS: [string, number][] = [
  ['1m', 60],
  ['5m', 300],
  ['15m', 900],
  ['1h', 3600],
  ['6h', 21_600],
  ['1d', 86_400],
];
const MAX_BARS = 60;

/**
 * The chart's query: the filters the stats route knows (time range, endpoint, event) and the
 * smallest bucket that keeps the chart at most 60 bars wide. No range: the server's last 24 h.
 */
export function statsQuery(view: LogsView, now = Date.now()): Query {
  const q = apiQuery({ ...view, cursor: null, limit: null });
  const out: Query = {};
  for (const k of ['since', 'until', 'endpoint_id', 'event'])
    if (q[k]) out[k] = q[k];
  // Without an explicit range, the range picker's: the last hour, day, week or month.
  if (!out['since'] && !out['until']) {
    out['since'] = new Date(
      now - CHART_RANGES[view.range ?? DEFAULT_RANGE],
    ).toISOString();
  }
  const since = out['since'] ? Date.parse(String(out['since'])) : NaN;
  if (!Number.isNaN(since)) {
    const until = out['until'] ? Date.parse(String(out['until'])) : now;
    const seconds = Math.max(60, (until - since) / 1000);
    const fit =
      BUCKETS.find(([, size]) => seconds / size <= MAX_BARS) ??
      BUCKETS[BUCKETS.length - 1];
    if (fit) out['bucket'] = fit[0];
  }
  return out;
}
