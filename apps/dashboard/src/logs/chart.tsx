import {
  DELIVERY_STATUSES,
  type Delivery,
  type DeliveryStatus,
  type StatsBucket,
} from '../api/types';

const COLORS: Record<DeliveryStatus, string> = {
  succeeded: 'var(--ok)',
  retrying: 'var(--warn)',
  failed: 'var(--bad)',
  pending: 'var(--muted)',
};

const zero = (): Record<DeliveryStatus, number> => ({
  pending: 0,
  succeeded: 0,
  retrying: 0,
  failed: 0,
});

/**
 * Reads the answer of GET /v1/logs/stats, accepting `{data|buckets: [...]}` with each bucket's
 * time in `start|bucket|bucket_start|time` and its counts either in `counts|by_status` or as
 * top-level status fields.
 */
export function parseStats(body: unknown): StatsBucket[] {
  const b = body as { data?: unknown; buckets?: unknown } | unknown[] | null;
  const rows = Array.isArray(b)
    ? b
    : Array.isArray(b?.data)
      ? b.data
      : Array.isArray(b?.buckets)
        ? b.buckets
        : [];
  const out: StatsBucket[] = [];
  for (const raw of rows as Record<string, unknown>[]) {
    if (!raw || typeof raw !== 'object') continue;
    const start =
      raw['start'] ?? raw['bucket'] ?? raw['bucket_start'] ?? raw['time'];
    if (typeof start !== 'string') continue;
    const src = (raw['counts'] ??
      raw['by_status'] ??
      raw['by_outcome'] ??
      raw) as Record<string, unknown>;
    const counts = zero();
    for (const s of DELIVERY_STATUSES)
      counts[s] = typeof src[s] === 'number' ? (src[s] as number) : 0;
    out.push({ start, counts });
  }
  return out.sort((x, y) => x.start.localeCompare(y.start));
}

/** Buckets computed from a page of deliveries, used when the server offers no stats route. */
export function bucketsFromDeliveries(
  deliveries: Delivery[],
  buckets = 12,
): StatsBucket[] {
  const times = deliveries
    .map((d) => Date.parse(d.created_at ?? d.updated_at ?? ''))
    .filter((t) => !Number.isNaN(t));
  if (times.length === 0) return [];
  const min = Math.min(...times);
  const max = Math.max(...times);
  const width = Math.max(60_000, Math.ceil((max - min + 1) / buckets));
  const out: StatsBucket[] = Array.from({ length: buckets }, (_, i) => ({
    start: new Date(min + i * width).toISOString(),
    counts: zero(),
  }));
  deliveries.forEach((d, i) => {
    const t = times[i];
    if (t === undefined) return;
    const bucket = out[Math.min(buckets - 1, Math.floor((t - min) / width))];
    if (bucket) bucket.counts[d.status] += 1;
  });
  return out;
}

/** Stacked bars of deliveries per time bucket, one colour per outcome; hand-drawn SVG. */
export function DeliveryChart({
  buckets,
  caption,
}: {
  buckets: StatsBucket[];
  caption: string;
}) {
  const W = 720;
  const H = 160;
  const pad = { l: 32, r: 8, t: 8, b: 22 };
  const totals = buckets.map((b) =>
    DELIVERY_STATUSES.reduce((s, k) => s + b.counts[k], 0),
  );
  const max = Math.max(1, ...totals);
  const bw = buckets.length ? (W - pad.l - pad.r) / buckets.length : 0;
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const sum = zero();
  for (const b of buckets)
    for (const s of DELIVERY_STATUSES) sum[s] += b.counts[s];
  const summary = DELIVERY_STATUSES.map((s) => `${sum[s]} ${s}`).join(', ');
  const label = (iso: string) =>
    new Date(iso).toLocaleTimeString([], {
      hour: '2-digit',
      minute: '2-digit',
    });

  return (
    <figure className="chart">
      <figcaption>
        {caption}
        <span className="legend">
          {DELIVERY_STATUSES.map((s) => (
            <span key={s} className="legend-item">
              <span
                className="swatch"
                style={{ background: COLORS[s] }}
                aria-hidden="true"
              />{' '}
              {s} {sum[s]}
            </span>
          ))}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Deliveries over time: ${summary}`}
        preserveAspectRatio="none"
      >
        <line x1={pad.l} x2={W - pad.r} y1={y(0)} y2={y(0)} className="axis" />
        <text x={pad.l - 4} y={y(max) + 4} textAnchor="end" className="tick">
          {max}
        </text>
        <text x={pad.l - 4} y={y(0)} textAnchor="end" className="tick">
          0
        </text>
        {buckets.map((b, i) => {
          let acc = 0;
          const x = pad.l + i * bw + 1;
          return (
            <g key={b.start}>
              <title>{`${new Date(b.start).toLocaleString()}: ${DELIVERY_STATUSES.map((s) => `${b.counts[s]} ${s}`).join(', ')}`}</title>
              {DELIVERY_STATUSES.map((s) => {
                const v = b.counts[s];
                if (!v) return null;
                const top = y(acc + v);
                const h = y(acc) - top;
                acc += v;
                return (
                  <rect
                    key={s}
                    x={x}
                    y={top}
                    width={Math.max(1, bw - 2)}
                    height={h}
                    fill={COLORS[s]}
                  />
                );
              })}
              {(i === 0 ||
                i === buckets.length - 1 ||
                i === Math.floor(buckets.length / 2)) && (
                <text
                  x={
                    i === 0
                      ? x
                      : i === buckets.length - 1
                        ? x + bw - 2
                        : x + bw / 2
                  }
                  y={H - 6}
                  textAnchor={
                    i === 0
                      ? 'start'
                      : i === buckets.length - 1
                        ? 'end'
                        : 'middle'
                  }
                  className="tick"
                >
                  {label(b.start)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
