import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  STATS_BUCKETS,
  type AttemptView,
  type DeadLetter,
  type DeadLetterView,
  type ListDeadLettersRequest,
  type DeliveryStatus,
  type DeliveryView,
  type IncomingRequestView,
  type ListDeliveriesRequest,
  type ListIncomingRequest,
  type MessageDetailView,
  type RetryTargetRequest,
  type RetryTargetView,
  type StatsRequest,
  type StatsView,
  type StatsBucket,
  type EndpointHealthList,
  type EndpointHealthRequest,
} from '@fastgen/contracts';
import {
  DELIVERY_COLUMNS,
  InvalidCursor,
  deadLettersPage,
  decodeCursor,
  deliveriesPage,
  deliveryStats,
  deliveryStatsRollup,
  encodeCursor,
  endpointHealth,
  incomingPage,
  type Keyset,
} from './log-queries';
import { LogErrorCode, LogException } from './log.exception';
import { redactHeaders } from './redact';

type Row = Record<string, any>;

const DEFAULT_LIMIT = 50;
const MAX_BUCKETS = 1_000;

/** Answers the log queries; every query is scoped by the caller's project + environment. */
@Injectable()
export class DeliveriesService {
  constructor(private readonly db: DataSource) {}

  async listDeliveries(req: ListDeliveriesRequest): Promise<{ data: DeliveryView[]; next_cursor: string | null }> {
    checkRange(req.since, req.until);
    const limit = req.limit ?? DEFAULT_LIMIT;
    const rows: Row[] = await this.run(deliveriesPage({ ...req, limit, cursor: cursorOf(req.cursor) }));
    return page(rows, limit, toDelivery);
  }

  async listIncoming(req: ListIncomingRequest): Promise<{ data: IncomingRequestView[]; next_cursor: string | null }> {
    checkRange(req.since, req.until);
    const limit = req.limit ?? DEFAULT_LIMIT;
    const rows: Row[] = await this.run(incomingPage({ ...req, limit, cursor: cursorOf(req.cursor) }));
    return page(rows, limit, toIncoming);
  }

  /** Dead letters of one project, or of every project when the request names none (admins). */
  async listDeadLetters(req: ListDeadLettersRequest): Promise<{ data: DeadLetterView[]; next_cursor: string | null }> {
    checkRange(req.since, req.until);
    const limit = req.limit ?? DEFAULT_LIMIT;
    const rows: Row[] = await this.run(deadLettersPage({ ...req, limit, cursor: cursorOf(req.cursor) }));
    return page(rows, limit, toDeadLetter);
  }

  async messageDetail(req: { project_id: string; environment: string; message_id: string }): Promise<MessageDetailView> {
    // One snapshot for the three reads: read apart, a delivery's state could be older than its
    // attempts (a batch committed in between), e.g. "failed" next to the attempt that succeeded.
    const [messages, deliveries, attempts] = await this.db.transaction('REPEATABLE READ', async (tx) => [
      await tx.query(`select id, event, payload, created_at, source from log.messages where id = $1 and project_id = $2 and environment = $3`, [
        req.message_id,
        req.project_id,
        req.environment,
      ]),
      await tx.query(
        `select ${DELIVERY_COLUMNS} from log.deliveries where project_id = $1 and environment = $2 and message_id = $3 order by created_at, id`,
        [req.project_id, req.environment, req.message_id],
      ),
      await tx.query(
        `select id, delivery_id, attempt_number, trigger, started_at, duration_ms, url, request_headers, response_status, response_headers,
           response_body, error, succeeded
         from log.attempts where message_id = $1 and project_id = $2 and environment = $3 order by started_at, attempt_number, id`,
        [req.message_id, req.project_id, req.environment],
      ),
    ]);
    const message: Row | undefined = messages[0];
    if (!message && deliveries.length === 0) {
      throw new LogException(LogErrorCode.MESSAGE_NOT_FOUND, `message ${req.message_id} not found`);
    }
    const attemptsByDelivery = new Map<string, AttemptView[]>();
    for (const a of attempts as Row[]) {
      const list = attemptsByDelivery.get(a['delivery_id']) ?? [];
      list.push(toAttempt(a));
      attemptsByDelivery.set(a['delivery_id'], list);
    }
    const first: Row | undefined = deliveries[0];
    return {
      id: req.message_id,
      event: message?.['event'] ?? first!['event'],
      payload: message ? parsePayload(message['payload']) : null,
      created_at: iso(message?.['created_at'] ?? first!['created_at']),
      source: message?.['source'] ?? null,
      deliveries: (deliveries as Row[]).map((d) => {
        const list = attemptsByDelivery.get(d['id']) ?? [];
        return { ...toDelivery(d), attempts: list, attempt_count: list.length };
      }),
    };
  }

  async stats(req: StatsRequest): Promise<StatsView> {
    const until = req.until ?? new Date().toISOString();
    const since = req.since ?? new Date(Date.parse(until) - 24 * 3600 * 1000).toISOString();
    checkRange(since, until);
    const bucket: StatsBucket = (req.bucket as StatsBucket | undefined) ?? '1h';
    const seconds = STATS_BUCKETS[bucket];
    const start = Math.floor(Date.parse(since) / 1000 / seconds) * seconds * 1000;
    const end = Date.parse(until);
    if ((end - start) / 1000 / seconds > MAX_BUCKETS) {
      throw new LogException(LogErrorCode.INVALID_RANGE, `spans more than ${MAX_BUCKETS} buckets of ${bucket}; use a larger bucket`, 'bucket');
    }
    const filters = { project_id: req.project_id, environment: req.environment, since, until, bucketSeconds: seconds, endpoint_id: req.endpoint_id };
    // Hour-or-larger buckets come from the hourly rollup (it has no event dimension).
    const fromRollup = seconds >= 3600 && req.event === undefined;
    const rows: Row[] = await this.run(fromRollup ? deliveryStatsRollup(filters) : deliveryStats({ ...filters, event: req.event }));
    // Zero-filled buckets: the chart draws gaps as zero, not as missing points.
    const buckets = new Map<number, StatsView['data'][number]>();
    for (let t = start; t < end; t += seconds * 1000) {
      buckets.set(t, { start: new Date(t).toISOString(), pending: 0, succeeded: 0, retrying: 0, failed: 0 });
    }
    for (const r of rows) {
      const b = buckets.get(new Date(r['bucket']).getTime());
      if (b) b[r['status'] as DeliveryStatus] += r['n'];
    }
    return { since, until, bucket, data: [...buckets.values()] };
  }

  async endpointHealth(req: EndpointHealthRequest): Promise<EndpointHealthList> {
    const since = req.since ?? new Date(Date.now() - 24 * 3600 * 1000).toISOString();
    const rows: Row[] = await this.run(endpointHealth({ project_id: req.project_id, environment: req.environment, since }));
    return {
      since,
      data: rows.map((r) => ({
        endpoint_id: r['endpoint_id'],
        attempts: r['attempts'],
        succeeded: r['succeeded'],
        success_rate: r['attempts'] > 0 ? r['succeeded'] / r['attempts'] : null,
        last_attempt_at: isoOrNull(r['last_attempt_at']),
        last_response_status: r['last_response_status'],
        last_succeeded: r['last_succeeded'],
        last_error: r['last_error'],
      })),
    };
  }

  async retryTarget(req: RetryTargetRequest): Promise<RetryTargetView> {
    let messageId = req.message_id;
    let endpointIds: string[];
    if (req.delivery_id) {
      const rows: Row[] = await this.db.query(`select message_id, endpoint_id from log.deliveries where id = $1 and project_id = $2 and environment = $3`, [
        req.delivery_id,
        req.project_id,
        req.environment,
      ]);
      if (rows.length === 0) throw new LogException(LogErrorCode.DELIVERY_NOT_FOUND, `delivery ${req.delivery_id} not found`);
      messageId = rows[0]!['message_id'];
      endpointIds = [rows[0]!['endpoint_id']];
    } else {
      const rows: Row[] = await this.db.query(
        `select distinct endpoint_id from log.deliveries where message_id = $1 and project_id = $2 and environment = $3 order by endpoint_id`,
        [req.message_id, req.project_id, req.environment],
      );
      endpointIds = rows.map((r) => r['endpoint_id']);
    }
    const messages: Row[] = await this.db.query(`select id, event, payload, created_at from log.messages where id = $1 and project_id = $2 and environment = $3`, [
      messageId,
      req.project_id,
      req.environment,
    ]);
    const message = messages[0];
    if (!message) {
      if (endpointIds.length > 0) {
        throw new LogException(LogErrorCode.MESSAGE_NOT_RECORDED, `message ${messageId} is not recorded yet; try again in a moment`);
      }
      throw new LogException(LogErrorCode.MESSAGE_NOT_FOUND, `message ${messageId} not found`);
    }
    if (endpointIds.length === 0) {
      throw new LogException(LogErrorCode.NOTHING_TO_RETRY, `message ${messageId} has no deliveries yet: no endpoint to deliver it to again`);
    }
    return { message_id: message['id'], event: message['event'], payload: parsePayload(message['payload']), created_at: iso(message['created_at']), endpoint_ids: endpointIds };
  }

  private run(s: { text: string; values: unknown[] }): Promise<Row[]> {
    return this.db.query(s.text, s.values);
  }
}

function cursorOf(cursor: string | undefined): Keyset | undefined {
  if (cursor === undefined) return undefined;
  try {
    return decodeCursor(cursor);
  } catch (err) {
    if (err instanceof InvalidCursor) throw new LogException(LogErrorCode.INVALID_CURSOR, err.message, 'cursor');
    throw err;
  }
}

function checkRange(since?: string, until?: string): void {
  if (since !== undefined && until !== undefined && Date.parse(since) >= Date.parse(until)) {
    throw new LogException(LogErrorCode.INVALID_RANGE, 'must be after since', 'until');
  }
}

function page<T>(rows: Row[], limit: number, map: (r: Row) => T): { data: T[]; next_cursor: string | null } {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  const last = shown[shown.length - 1];
  return { data: shown.map(map), next_cursor: more && last ? encodeCursor({ t: last['cursor_time'], id: last['id'] }) : null };
}

const iso = (d: Date | string): string => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));

function toDelivery(r: Row): DeliveryView {
  return {
    id: r['id'],
    message_id: r['message_id'],
    endpoint_id: r['endpoint_id'],
    event: r['event'],
    status: r['status'],
    attempts: r['attempts'],
    next_attempt_at: isoOrNull(r['next_attempt_at']),
    last_response_status: r['last_response_status'],
    last_attempt_at: iso(r['last_attempt_at']),
    created_at: iso(r['created_at']),
    updated_at: iso(r['updated_at']),
  };
}

function toIncoming(r: Row): IncomingRequestView {
  return {
    id: r['id'],
    received_at: iso(r['received_at']),
    method: r['method'],
    path: r['path'],
    status: r['status'],
    duration_ms: r['duration_ms'],
    message_id: r['message_id'],
    idempotency_key: r['idempotency_key'],
    headers: redactHeaders(r['headers']),
    body_excerpt: r['body_excerpt'],
    source_ip: r['source_ip'],
    repeated: r['repeated'],
  };
}

function toAttempt(r: Row): AttemptView {
  return {
    id: r['id'],
    attempt_number: r['attempt_number'],
    trigger: r['trigger'],
    started_at: iso(r['started_at']),
    duration_ms: r['duration_ms'],
    url: r['url'],
    request_headers: redactHeaders(r['request_headers']),
    response_status: r['response_status'],
    response_headers: r['response_headers'],
    response_body: r['response_body'],
    error: r['error'],
    succeeded: r['succeeded'],
  };
}

function toDeadLetter(r: Row): DeadLetterView {
  const d = JSON.parse(r['record']) as DeadLetter;
  return {
    id: r['id'],
    topic: d.topic,
    partition: d.partition,
    offset: d.offset,
    key: d.key,
    value: d.value,
    reason: d.reason ?? 'invalid',
    errors: d.errors,
    consumer: d.consumer,
    project_id: d.project_id ?? null,
    failed_at: d.failed_at,
  };
}

// Stored as the JSON text that was sent (see record-writer.ts); null when there was none.
function parsePayload(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}
