// The SQL of the log's list queries, as pure functions (no framework import) so that the
// service and the benchmark (tools/bench/log-queries.ts) run exactly the same statements.
// Order is (created_at desc, id desc); a page continues strictly after the cursor's (time, id),
// so rows inserted while a client pages never shift the pages it has not read yet.

export interface Statement {
  text: string;
  values: unknown[];
}

export interface Keyset {
  /** Postgres timestamptz text, kept at full (microsecond) precision. */
  t: string;
  id: string;
}

export class InvalidCursor extends Error {}

export function encodeCursor(k: Keyset): string {
  return Buffer.from(JSON.stringify([k.t, k.id])).toString('base64url');
}

export function decodeCursor(cursor: string): Keyset {
  try {
    const [t, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof t === 'string' && typeof id === 'string' && isTimestamp(t) && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
      return { t, id };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursor('is not a cursor returned by this API');
}

// Postgres timestamptz text, e.g. `2026-01-05 10:00:00.123456+00`; checked so that a forged
// cursor is a 400, never a database error.
function isTimestamp(t: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?)([+-]\d{2})(:\d{2})?$/.exec(t);
  return m !== null && !Number.isNaN(Date.parse(`${m[1]}T${m[2]}${m[3]}${m[4] ?? ':00'}`));
}

export interface DeliveryFilters {
  project_id: string;
  environment: string;
  status?: string;
  event?: string;
  endpoint_id?: string;
  message_id?: string;
  since?: string;
  until?: string;
  response_status?: number;
  cursor?: Keyset;
  limit: number;
}

export const DELIVERY_COLUMNS = `id, message_id, endpoint_id, event, status, attempts, next_attempt_at, last_response_status,
  last_attempt_at, created_at, updated_at, created_at::text as cursor_time`;

/**
 * A keyset-paged list of one project + environment: filters add numbered parameters, the cursor
 * continues strictly after the last row of the previous page in (time, id) descending order.
 */
function scopedPage(scope: { project_id: string; environment: string }, timeColumn: string) {
  const values: unknown[] = [scope.project_id, scope.environment];
  const where = ['project_id = $1', 'environment = $2'];
  return {
    values,
    where,
    add(sql: (n: string) => string, value: unknown): void {
      values.push(value);
      where.push(sql(`$${values.length}`));
    },
    finish(cursor: Keyset | undefined, limit: number): string {
      if (cursor !== undefined) {
        values.push(cursor.t, cursor.id);
        where.push(`(${timeColumn}, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
      }
      values.push(limit + 1);
      return `where ${where.join(' and ')} order by ${timeColumn} desc, id desc limit $${values.length}`;
    },
  };
}

/** One page of deliveries (limit + 1 rows are read to know whether there is a next page). */
export function deliveriesPage(f: DeliveryFilters): Statement {
  const { add, finish, values } = scopedPage(f, 'created_at');
  if (f.status !== undefined) add((p) => `status = ${p}`, f.status);
  if (f.event !== undefined) add((p) => `event = ${p}`, f.event);
  if (f.endpoint_id !== undefined) add((p) => `endpoint_id = ${p}::uuid`, f.endpoint_id);
  if (f.message_id !== undefined) add((p) => `message_id = ${p}::uuid`, f.message_id);
  if (f.response_status !== undefined) add((p) => `last_response_status = ${p}`, f.response_status);
  if (f.since !== undefined) add((p) => `created_at >= ${p}::timestamptz`, f.since);
  if (f.until !== undefined) add((p) => `created_at < ${p}::timestamptz`, f.until);
  const tail = finish(f.cursor, f.limit);
  return { text: `select ${DELIVERY_COLUMNS} from log.deliveries ${tail}`, values };
}

export interface IncomingFilters {
  project_id: string;
  environment: string;
  status?: number;
  message_id?: string;
  since?: string;
  until?: string;
  cursor?: Keyset;
  limit: number;
}

export function incomingPage(f: IncomingFilters): Statement {
  const { add, finish, values } = scopedPage(f, 'received_at');
  if (f.status !== undefined) add((p) => `status = ${p}`, f.status);
  if (f.message_id !== undefined) add((p) => `message_id = ${p}::uuid`, f.message_id);
  if (f.since !== undefined) add((p) => `received_at >= ${p}::timestamptz`, f.since);
  if (f.until !== undefined) add((p) => `received_at < ${p}::timestamptz`, f.until);
  const tail = finish(f.cursor, f.limit);
  return {
    text: `select id, received_at, method, path, status, duration_ms, message_id, idempotency_key, headers, body_excerpt, source_ip, repeated,
      received_at::text as cursor_time
      from log.incoming_requests ${tail}`,
    values,
  };
}

/** Deliveries by status per time bucket (created_at), for the dashboard chart. */
export function deliveryStats(f: { project_id: string; environment: string; since: string; until: string; bucketSeconds: number; endpoint_id?: string; event?: string }): Statement {
  const values: unknown[] = [f.project_id, f.environment, f.since, f.until, f.bucketSeconds];
  const where = ['project_id = $1', 'environment = $2', 'created_at >= $3::timestamptz', 'created_at < $4::timestamptz'];
  if (f.endpoint_id !== undefined) {
    values.push(f.endpoint_id);
    where.push(`endpoint_id = $${values.length}::uuid`);
  }
  if (f.event !== undefined) {
    values.push(f.event);
    where.push(`event = $${values.length}`);
  }
  return {
    text: `select date_bin(make_interval(secs => $5), created_at, timestamptz 'epoch') as bucket, status, count(*)::int as n
      from log.deliveries where ${where.join(' and ')} group by 1, 2 order by 1`,
    values,
  };
}

export interface DeadLetterFilters {
  /** Absent: every project's (admins). */
  project_id?: string;
  reason?: string;
  since?: string;
  until?: string;
  cursor?: Keyset;
  limit: number;
}

/** One page of dead letters, newest first, keyset-paged on (failed_at, id). */
export function deadLettersPage(f: DeadLetterFilters): Statement {
  const values: unknown[] = [];
  const where: string[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    values.push(value);
    where.push(sql(`$${values.length}`));
  };
  if (f.project_id !== undefined) add((p) => `project_id = ${p}::uuid`, f.project_id);
  if (f.reason !== undefined) add((p) => `reason = ${p}`, f.reason);
  if (f.since !== undefined) add((p) => `failed_at >= ${p}::timestamptz`, f.since);
  if (f.until !== undefined) add((p) => `failed_at < ${p}::timestamptz`, f.until);
  if (f.cursor !== undefined) {
    values.push(f.cursor.t, f.cursor.id);
    where.push(`(failed_at, id) < ($${values.length - 1}::timestamptz, $${values.length}::uuid)`);
  }
  values.push(f.limit + 1);
  return {
    text: `select id, record, failed_at::text as cursor_time from log.dead_letters ${where.length ? `where ${where.join(' and ')}` : ''}
      order by failed_at desc, id desc limit $${values.length}`,
    values,
  };
}

/**
 * The same counts as deliveryStats, from the hourly rollups (per project + environment, or per
 * endpoint): for buckets of an hour or more, where a 30-day range would otherwise count every
 * delivery of the month. Whole hours are counted: `since` is taken back to the start of its hour.
 */
export function deliveryStatsRollup(f: { project_id: string; environment: string; since: string; until: string; bucketSeconds: number; endpoint_id?: string }): Statement {
  const values: unknown[] = [f.project_id, f.environment, f.since, f.until, f.bucketSeconds];
  const where = ['project_id = $1', 'environment = $2', `hour >= date_bin(interval '1 hour', $3::timestamptz, timestamptz 'epoch')`, 'hour < $4::timestamptz'];
  if (f.endpoint_id !== undefined) {
    values.push(f.endpoint_id);
    where.push(`endpoint_id = $${values.length}::uuid`);
  }
  const table = f.endpoint_id === undefined ? 'log.delivery_stats_hourly' : 'log.endpoint_delivery_stats_hourly';
  return {
    text: `select date_bin(make_interval(secs => $5), hour, timestamptz 'epoch') as bucket, status, sum(deliveries)::int as n
      from ${table} where ${where.join(' and ')} group by 1, 2 having sum(deliveries) <> 0 order by 1`,
    values,
  };
}

/** Per endpoint since a time (whole hours): attempts, successes and the latest attempt. */
export function endpointHealth(f: { project_id: string; environment: string; since: string }): Statement {
  return {
    text: `select endpoint_id, sum(attempts)::int as attempts, sum(succeeded)::int as succeeded,
        (array_agg(last_attempt_at order by last_attempt_at desc))[1] as last_attempt_at,
        (array_agg(last_response_status order by last_attempt_at desc))[1] as last_response_status,
        (array_agg(last_succeeded order by last_attempt_at desc))[1] as last_succeeded,
        (array_agg(last_error order by last_attempt_at desc))[1] as last_error
      from log.endpoint_attempts_hourly
      where project_id = $1 and environment = $2 and hour >= date_bin(interval '1 hour', $3::timestamptz, timestamptz 'epoch')
      group by endpoint_id order by endpoint_id`,
    values: [f.project_id, f.environment, f.since],
  };
}

/** Deletes up to `batch` rows older than the cutoff; returns the statement (run until it deletes nothing). */
export type PurgedTable =
  | 'attempts'
  | 'deliveries'
  | 'messages'
  | 'incoming_requests'
  | 'dead_letters'
  | 'delivery_stats_hourly'
  | 'endpoint_delivery_stats_hourly'
  | 'endpoint_attempts_hourly';

export function purgeBatch(table: PurgedTable, cutoff: string, batch: number): Statement {
  const column = {
    attempts: 'started_at',
    deliveries: 'created_at',
    messages: 'created_at',
    incoming_requests: 'received_at',
    dead_letters: 'failed_at',
    delivery_stats_hourly: 'hour',
    endpoint_delivery_stats_hourly: 'hour',
    endpoint_attempts_hourly: 'hour',
  }[table];
  // ctid + limit: each statement touches a small set of rows, so locks are short and replication lag small.
  return {
    text: `delete from log.${table} where ctid = any(array(select ctid from log.${table} where ${column} < $1::timestamptz limit $2))`,
    values: [cutoff, batch],
  };
}
