import { toStorableText, type AttemptOutcome, type DeadLetter, type IncomingRequest, type WebhookMessage } from '@fastgen/contracts';
import { redactHeaders } from '../deliveries/redact';

/** Runs one statement; a TypeORM QueryRunner or a pg client both fit. */
export type Sql = (text: string, params?: unknown[]) => Promise<unknown>;

// Every write is idempotent: rows are keyed by the record's own id (insert ... on conflict do
// nothing), and the delivery state only moves forward, so re-consuming a batch after a crash
// changes nothing. A whole batch goes in as one parameter: one round trip per table.
//
// Postgres text and jsonb cannot hold NUL, and jsonb refuses lone surrogates. Payloads are kept
// exactly, as JSON text (where both are escapes). Diagnostic text (headers, response bodies,
// errors, body excerpts) is made storable: NUL and lone surrogates become U+FFFD.

/** The text with NUL and lone surrogates replaced by U+FFFD (the replacement character). */
export function storable(text: string): string;
export function storable(text: string | null): string | null;
export function storable(text: string | null): string | null {
  return text === null ? null : toStorableText(text);
}

function storableRecord(values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) out[storable(k)] = storable(v);
  return out;
}

export async function writeIncomingRequests(sql: Sql, records: IncomingRequest[]): Promise<void> {
  if (records.length === 0) return;
  const rows = records.map((r) => ({
    ...r,
    path: storable(r.path),
    idempotency_key: storable(r.idempotency_key),
    headers: storableRecord(redactHeaders(r.headers)),
    body_excerpt: storable(r.body_excerpt),
  }));
  await sql(
    `insert into log.incoming_requests
       (id, project_id, environment, received_at, method, path, status, duration_ms, message_id, idempotency_key, headers, body_excerpt, source_ip, repeated)
     select r.id, r.project_id, r.environment, r.received_at, r.method, r.path, r.status, r.duration_ms, r.message_id,
            r.idempotency_key, r.headers, r.body_excerpt, r.source_ip, coalesce(r.repeated, 0)
     from jsonb_to_recordset($1::jsonb) as r(id uuid, project_id uuid, environment text, received_at timestamptz, method text,
          path text, status smallint, duration_ms real, message_id uuid, idempotency_key text, headers jsonb, body_excerpt text, source_ip text,
          repeated integer)
     on conflict (id) do nothing`,
    [JSON.stringify(rows)],
  );
}

/** The payload as stored: the JSON text the dispatcher signs and sends (webhookBody sends a missing one as null). */
export function payloadText(payload: unknown): string {
  return JSON.stringify(payload ?? null);
}

export async function writeMessages(sql: Sql, records: WebhookMessage[]): Promise<void> {
  if (records.length === 0) return;
  // Column arrays, not one JSON document: the payload must reach its text column untouched.
  const col = <T>(f: (m: WebhookMessage) => T) => records.map(f);
  await sql(
    `insert into log.messages (id, project_id, environment, event, payload, created_at, source, endpoint_id)
     select * from unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::text[], $8::uuid[])
     on conflict (id) do nothing`,
    [
      col((m) => m.id),
      col((m) => m.project_id),
      col((m) => m.environment),
      col((m) => m.event),
      col((m) => payloadText(m.payload)),
      col((m) => m.created_at),
      col((m) => m.source),
      col((m) => m.endpoint_id ?? null),
    ],
  );
}

/** Dead letters, each keyed by its own place on the dead-letter topic (a replay adds nothing). */
export async function writeDeadLetters(sql: Sql, records: { partition: number; offset: string; value: DeadLetter }[]): Promise<void> {
  if (records.length === 0) return;
  await sql(
    `insert into log.dead_letters (id, project_id, topic, reason, consumer, failed_at, record)
     select md5(t.partition || ':' || t."offset")::uuid, t.project_id, t.topic, t.reason, t.consumer, t.failed_at, t.record
     from unnest($1::int[], $2::text[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[])
       as t(partition, "offset", project_id, topic, reason, consumer, failed_at, record)
     on conflict (id) do nothing`,
    [
      records.map((r) => r.partition),
      records.map((r) => r.offset),
      records.map((r) => r.value.project_id ?? null),
      records.map((r) => storable(r.value.topic)),
      records.map((r) => r.value.reason ?? 'invalid'),
      records.map((r) => storable(r.value.consumer)),
      records.map((r) => r.value.failed_at),
      // JSON text escapes every character, NUL and lone surrogates included: always storable.
      records.map((r) => JSON.stringify(r.value)),
    ],
  );
}

/** Attempts, then the state of their deliveries. Call inside a transaction. */
export async function writeAttempts(sql: Sql, records: AttemptOutcome[]): Promise<void> {
  if (records.length === 0) return;
  const attempts = records.map((a) => ({
    ...a,
    url: storable(a.url),
    request_headers: storableRecord(redactHeaders(a.request_headers)),
    response_headers: storableRecord(a.response_headers),
    response_body: storable(a.response_body),
    error: storable(a.error),
  }));
  await sql(
    `insert into log.attempts (id, delivery_id, message_id, endpoint_id, project_id, environment, event, attempt_number, trigger,
       started_at, duration_ms, url, request_headers, response_status, response_headers, response_body, error, succeeded,
       delivery_status, next_attempt_at)
     select r.id, r.delivery_id, r.message_id, r.endpoint_id, r.project_id, r.environment, r.event, r.attempt_number, r.trigger,
            r.started_at, r.duration_ms, r.url, r.request_headers, r.response_status, r.response_headers, r.response_body, r.error,
            r.succeeded, r.delivery_status, r.next_attempt_at
     from jsonb_to_recordset($1::jsonb) as r(id uuid, delivery_id uuid, message_id uuid, endpoint_id uuid, project_id uuid,
          environment text, event text, attempt_number integer, trigger text, started_at timestamptz, duration_ms real, url text,
          request_headers jsonb, response_status smallint, response_headers jsonb, response_body text, error text, succeeded boolean,
          delivery_status text, next_attempt_at timestamptz)
     on conflict (id) do nothing`,
    [JSON.stringify(attempts)],
  );

  // One upsert row per delivery (a statement cannot update the same row twice): its latest attempt.
  // The state only moves forward: an older attempt replayed after a newer one never rewinds it. The
  // attempt count is counted (the attempts above are visible to this statement), not incremented,
  // so a replay cannot inflate it; one statement, one row version per delivery and batch.
  const latest = latestPerDelivery(records);
  const forward = `(excluded.last_attempt_at, excluded.last_attempt_number) > (d.last_attempt_at, d.last_attempt_number)`;
  await sql(
    `insert into log.deliveries as d (id, project_id, environment, message_id, endpoint_id, event, status, attempts, last_attempt_number,
       last_attempt_at, next_attempt_at, last_response_status, created_at)
     select r.delivery_id, r.project_id, r.environment, r.message_id, r.endpoint_id, r.event, r.delivery_status,
            (select count(*) from log.attempts a where a.delivery_id = r.delivery_id)::int, r.attempt_number,
            r.started_at, r.next_attempt_at, r.response_status, r.first_started_at
     from jsonb_to_recordset($1::jsonb) as r(delivery_id uuid, project_id uuid, environment text, message_id uuid, endpoint_id uuid,
          event text, delivery_status text, attempt_number integer, started_at timestamptz, next_attempt_at timestamptz,
          response_status smallint, first_started_at timestamptz)
     order by r.delivery_id
     on conflict (id) do update set
       status = case when ${forward} then excluded.status else d.status end,
       last_attempt_number = case when ${forward} then excluded.last_attempt_number else d.last_attempt_number end,
       last_attempt_at = case when ${forward} then excluded.last_attempt_at else d.last_attempt_at end,
       next_attempt_at = case when ${forward} then excluded.next_attempt_at else d.next_attempt_at end,
       last_response_status = case when ${forward} then excluded.last_response_status else d.last_response_status end,
       attempts = excluded.attempts,
       updated_at = now()
     where ${forward} or d.attempts <> excluded.attempts`,
    [JSON.stringify(latest)],
  );
}

export function latestPerDelivery(records: AttemptOutcome[]): (AttemptOutcome & { first_started_at: string })[] {
  const byDelivery = new Map<string, AttemptOutcome & { first_started_at: string }>();
  for (const a of records) {
    const seen = byDelivery.get(a.delivery_id);
    if (!seen) {
      byDelivery.set(a.delivery_id, { ...a, first_started_at: a.started_at });
      continue;
    }
    const first = Date.parse(a.started_at) < Date.parse(seen.first_started_at) ? a.started_at : seen.first_started_at;
    const newer = compareAttempts(a, seen) > 0 ? a : seen;
    byDelivery.set(a.delivery_id, { ...newer, first_started_at: first });
  }
  return [...byDelivery.values()];
}

/** Orders attempts of one delivery the way the database guard does: started_at, then attempt number. */
export function compareAttempts(a: Pick<AttemptOutcome, 'started_at' | 'attempt_number'>, b: Pick<AttemptOutcome, 'started_at' | 'attempt_number'>): number {
  const dt = Date.parse(a.started_at) - Date.parse(b.started_at);
  return dt !== 0 ? dt : a.attempt_number - b.attempt_number;
}
