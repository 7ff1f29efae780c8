import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { DeliveryStatus } from '@fastgen/contracts';

export interface NewJob {
  id: string;
  delivery_id: string;
  trigger: 'scheduled' | 'manual';
  message_id: string;
  endpoint_id: string;
  project_id: string;
  environment: string;
  event: string;
  body: string;
  max_attempts: number;
  /** Attempts of the delivery made before this job (manual jobs continue the numbering). */
  attempts_before?: number;
}

export interface Job {
  id: string;
  delivery_id: string;
  trigger: 'scheduled' | 'manual';
  message_id: string;
  endpoint_id: string;
  project_id: string;
  environment: 'development' | 'production';
  event: string;
  body: string;
  status: DeliveryStatus;
  attempts: number;
  max_attempts: number;
  attempt_base: number;
  created_at: Date;
}

/** A job as a claim returns it, with its turn in the claim's round-robin across projects. */
export interface ClaimedJob extends Job {
  claim_turn: number;
}

export interface OutboxRecord {
  id: string;
  topic: 'attempts' | 'endpointDisableRequests';
  key: string;
  value: unknown;
  created_at?: Date;
}

export interface ClaimLimits {
  /** Jobs in all. */
  limit: number;
  /** Jobs per endpoint, unless `caps` says otherwise. */
  perEndpoint: number;
  caps: Map<string, number>;
  /** Endpoints to leave out. */
  busy: string[];
  /** Projects to leave out (over their share of this process's slots). */
  busyProjects?: string[];
  leaseMs: number;
  /** Recorded with the lease (see releaseLeasesOf). */
  owner: string;
}

interface PendingAttempt {
  id: string;
  attemptsBefore: number;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  responseStatus: number | null;
  error: string | null;
  publish: OutboxRecord[];
  resolve: () => void;
  reject: (err: unknown) => void;
}

// One group commit holds at most this many attempts (a few hundred keeps the statement small).
const MAX_ATTEMPTS_PER_COMMIT = 500;

// TypeORM's postgres driver answers UPDATE/DELETE ... RETURNING with [rows, affected]; other statements with rows.
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0] as T[];
  return result as T[];
}

/** SQL of the durable schedule (dispatcher.delivery_jobs). */
@Injectable()
export class DeliveryStore {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores jobs; a replayed message maps onto its existing rows (same ids) and adds nothing. Jobs
   * in `leased` are stored already leased to this process for `leaseMs` (it runs them at once, no
   * claim needed). Returns the ids actually stored.
   */
  async insert(jobs: NewJob[], leased: Set<string> = new Set(), leaseMs = 0, owner: string | null = null): Promise<Set<string>> {
    if (jobs.length === 0) return new Set();
    const col = <K extends keyof NewJob>(k: K) => jobs.map((j) => j[k]);
    // Each message's body once (message_bodies), however many endpoints receive it; the jobs
    // reference it by message_id. One statement: the body insert runs as part of it.
    const bodies = new Map<string, string>();
    for (const j of jobs) bodies.set(j.message_id, j.body);
    const rows = rowsOf(await this.db.query(
      `with bodies as (
         insert into dispatcher.message_bodies (message_id, body)
         select * from unnest($14::uuid[], $15::text[]) on conflict (message_id) do nothing
       )
       insert into dispatcher.delivery_jobs
         (id, delivery_id, trigger, message_id, endpoint_id, project_id, environment, event, status, attempt_base, max_attempts, next_attempt_at, lease_until, lease_owner)
       select id, delivery_id, trigger, message_id, endpoint_id, project_id, environment, event, 'pending', attempt_base, max_attempts, now(),
              case when leased then now() + make_interval(secs => $12::double precision / 1000) end, case when leased then $13::text end
       from unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::uuid[], $7::text[], $8::text[], $9::int[], $10::int[], $11::boolean[])
         as t(id, delivery_id, trigger, message_id, endpoint_id, project_id, environment, event, max_attempts, attempt_base, leased)
       on conflict (id) do nothing
       returning id`,
      [
        col('id'),
        col('delivery_id'),
        col('trigger'),
        col('message_id'),
        col('endpoint_id'),
        col('project_id'),
        col('environment'),
        col('event'),
        col('max_attempts'),
        jobs.map((j) => j.attempts_before ?? 0),
        jobs.map((j) => leased.has(j.id)),
        leaseMs,
        owner,
        [...bodies.keys()],
        [...bodies.values()],
      ],
    ));
    return new Set(rows.map((r) => (r as { id: string }).id));
  }

  /**
   * Leases due jobs, oldest first per endpoint: at most `caps.get(endpoint)` (else `perEndpoint`)
   * per endpoint so that one endpoint's backlog never fills the batch, none of the `busy` endpoints
   * (this process has enough of theirs), and no row another replica holds.
   */
  async claim({ limit, perEndpoint, caps, busy, busyProjects = [], leaseMs, owner }: ClaimLimits): Promise<ClaimedJob[]> {
    const capIds = [...caps.keys()];
    const result = await this.db.query(
      // The endpoints with pending jobs come from a skip scan of delivery_jobs_endpoint_due_idx (one
      // index probe per endpoint); a DISTINCT over every due row cost O(backlog) per claim (100 ms
      // with 25,000 pending jobs), which made a backlog slow its own draining. Postgres takes no
      // column in LIMIT, so each endpoint's lateral scan takes the largest cap and the window
      // function trims it to that endpoint's own (the extra row locks end with the statement).
      `with recursive pending_endpoints(endpoint_id) as (
         (select endpoint_id from dispatcher.delivery_jobs where status in ('pending', 'retrying') order by endpoint_id limit 1)
         union all
         select (select d.endpoint_id from dispatcher.delivery_jobs d
                 where d.status in ('pending', 'retrying') and d.endpoint_id > p.endpoint_id order by d.endpoint_id limit 1)
         from pending_endpoints p where p.endpoint_id is not null
       ), endpoints as (
         select p.endpoint_id, coalesce(c.cap, $2) as cap
         from pending_endpoints p left join unnest($5::uuid[], $6::int[]) as c(endpoint_id, cap) on c.endpoint_id = p.endpoint_id
         where p.endpoint_id is not null and p.endpoint_id <> all($1::uuid[])
       ), ranked as (
         select j.id, j.project_id, e.endpoint_id, row_number() over (partition by e.endpoint_id order by j.next_attempt_at) as n, e.cap
         from endpoints e cross join lateral (
           select id, project_id, next_attempt_at from dispatcher.delivery_jobs x
           where x.endpoint_id = e.endpoint_id and x.status in ('pending', 'retrying') and x.next_attempt_at <= now()
             and (x.lease_until is null or x.lease_until < now()) and x.project_id <> all($9::uuid[])
           order by x.next_attempt_at
           limit $7
           for update skip locked
         ) j
       ), in_turn as (
         -- Round-robin, so the overall limit cuts evenly: every project's first job, then every
         -- project's second...; within a project every endpoint's first job before any second.
         select id, row_number() over (partition by project_id order by n, endpoint_id) as turn
         from ranked where n <= cap
       ), picked as (
         select id, turn from in_turn order by turn, md5(id::text || clock_timestamp()::text) limit $3
       )
       update dispatcher.delivery_jobs d set lease_until = now() + make_interval(secs => $4::double precision / 1000), lease_owner = $8, updated_at = now()
       from picked where d.id = picked.id
       returning d.id, d.delivery_id, d.trigger, d.message_id, d.endpoint_id, d.project_id, d.environment, d.event,
                 coalesce(d.body, (select b.body from dispatcher.message_bodies b where b.message_id = d.message_id)) as body, d.status,
                 d.attempts, d.max_attempts, d.attempt_base, d.created_at, picked.turn::int as claim_turn`,
      [busy, perEndpoint, limit, leaseMs, capIds, capIds.map((id) => caps.get(id)!), Math.max(perEndpoint, ...caps.values()), owner, busyProjects],
    );
    return rowsOf<ClaimedJob>(result);
  }

  /**
   * Records an attempt — the new state, the next attempt time (null when finished), the lease freed —
   * together with the records to publish about it, in one transaction. Attempts finishing while a
   * write is in flight are written together in the next transaction (group commit): one commit per
   * batch instead of one per attempt, and each caller still resolves only once its row is committed.
   * Idempotent: the row is updated only while it still has `attemptsBefore` attempts, so a write
   * retried after a dropped connection (which may have committed) is applied, outbox included, once.
   */
  recordAttempt(
    id: string,
    attemptsBefore: number,
    status: DeliveryStatus,
    nextAttemptAt: Date | null,
    responseStatus: number | null,
    error: string | null,
    publish: OutboxRecord[],
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pendingAttempts.push({ id, attemptsBefore, status, nextAttemptAt, responseStatus, error, publish, resolve, reject });
      if (!this.writingAttempts) void this.writeAttempts();
    });
  }

  private readonly pendingAttempts: PendingAttempt[] = [];
  private writingAttempts = false;

  private async writeAttempts(): Promise<void> {
    this.writingAttempts = true;
    try {
      while (this.pendingAttempts.length > 0) {
        const batch = this.pendingAttempts.splice(0, MAX_ATTEMPTS_PER_COMMIT);
        try {
          // One statement (atomic by itself): the rows, then the outbox records of the rows actually
          // updated. A row not updated was written by an earlier try of the same write, outbox included.
          // One round trip per group instead of BEGIN, UPDATE, INSERT, COMMIT.
          const outbox = batch.flatMap((a) => a.publish.map((r) => ({ jobId: a.id, ...r })));
          await this.db.query(
            `with updated as (
               update dispatcher.delivery_jobs d
               set status = t.status, attempts = d.attempts + 1, next_attempt_at = coalesce(t.next_attempt_at, d.next_attempt_at), lease_until = null,
                   last_response_status = t.response_status, last_error = t.error, updated_at = now()
               from unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::text[], $6::int[])
                 as t(id, status, next_attempt_at, response_status, error, attempts_before)
               where d.id = t.id and d.attempts = t.attempts_before
               returning d.id
             ), published as (
               insert into dispatcher.outbox (id, topic, key, value)
               select o.id, o.topic, o.key, o.value from unnest($7::uuid[], $8::uuid[], $9::text[], $10::text[], $11::text[]) as o(job_id, id, topic, key, value)
               where o.job_id in (select id from updated)
               on conflict (id) do nothing
             )
             select count(*)::int as n from updated`,
            [
              batch.map((a) => a.id),
              batch.map((a) => a.status),
              batch.map((a) => a.nextAttemptAt),
              batch.map((a) => a.responseStatus),
              batch.map((a) => a.error),
              batch.map((a) => a.attemptsBefore),
              outbox.map((r) => r.jobId),
              outbox.map((r) => r.id),
              outbox.map((r) => r.topic),
              outbox.map((r) => r.key),
              outbox.map((r) => JSON.stringify(r.value)),
            ],
          );
          for (const a of batch) a.resolve();
        } catch (err) {
          for (const a of batch) a.reject(err);
        }
      }
    } finally {
      this.writingAttempts = false;
    }
  }

  /** Takes up to `limit` outbox records, hands them to `publish`, and deletes them only if it resolves. */
  async drainOutbox(limit: number, publish: (records: OutboxRecord[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const result = await tx.query(
        `delete from dispatcher.outbox where id in (
           select id from dispatcher.outbox order by created_at limit $1 for update skip locked
         ) returning id, topic, key, value, created_at`,
        [limit],
      );
      // Values are kept as JSON text (any value fits, \u0000 included).
      const rows = rowsOf<OutboxRecord>(result).map((r) => ({ ...r, value: typeof r.value === 'string' ? JSON.parse(r.value) : r.value }));
      if (rows.length === 0) return 0;
      rows.sort((a, b) => +new Date(a.created_at!) - +new Date(b.created_at!));
      await publish(rows); // throwing rolls the delete back: the records stay for the next try
      return rows.length;
    });
  }

  /**
   * Frees the leases still held by `owner`: called once at boot, before this process leases
   * anything, they can only be an earlier run's that crashed, and its jobs are due again at once.
   */
  async releaseLeasesOf(owner: string): Promise<number> {
    const rows = rowsOf(await this.db.query(
      `update dispatcher.delivery_jobs set lease_until = null, lease_owner = null, updated_at = now()
       where lease_owner = $1 and lease_until > now() and status in ('pending', 'retrying') returning id`,
      [owner],
    ));
    return rows.length;
  }

  /** Ends a job without an attempt (endpoint deleted or disabled meanwhile). */
  async abandon(id: string, reason: string): Promise<void> {
    await this.db.query(`update dispatcher.delivery_jobs set status = 'failed', lease_until = null, last_error = $2, updated_at = now() where id = $1`, [
      id,
      reason,
    ]);
  }

  /** Puts a leased job back for later without counting an attempt (rate limit, shutdown). */
  async defer(id: string, at: Date): Promise<void> {
    await this.db.query(`update dispatcher.delivery_jobs set next_attempt_at = $2, lease_until = null, updated_at = now() where id = $1`, [id, at]);
  }

  /** Attempts made for a delivery so far, over all its jobs. */
  async attemptsOf(deliveryId: string): Promise<number> {
    const [row] = await this.db.query(`select coalesce(sum(attempts), 0)::int as n from dispatcher.delivery_jobs where delivery_id = $1`, [deliveryId]);
    return row?.n ?? 0;
  }

  /** A failed attempt: returns since when the endpoint has been failing and whether a disable is newly due. */
  async endpointFailed(endpointId: string, disableAfterMs: number): Promise<{ failingSince: Date; disableNow: boolean }> {
    // A disable request is claimed here and published through the outbox by the caller's recordAttempt.
    const [row] = await this.db.query(
      `insert into dispatcher.endpoint_health as h (endpoint_id, failing_since) values ($1, now())
       on conflict (endpoint_id) do update set failing_since = coalesce(h.failing_since, now()), updated_at = now()
       returning failing_since`,
      [endpointId],
    );
    const failingSince = new Date(row.failing_since);
    if (Date.now() - failingSince.getTime() < disableAfterMs) return { failingSince, disableNow: false };
    // Only one attempt (of any replica) wins the right to ask for the disable.
    const won = rowsOf(await this.db.query(
      `update dispatcher.endpoint_health set disable_requested_at = now() where endpoint_id = $1 and disable_requested_at is null returning endpoint_id`,
      [endpointId],
    ));
    return { failingSince, disableNow: won.length > 0 };
  }

  async endpointSucceeded(endpointId: string): Promise<void> {
    await this.db.query(
      `insert into dispatcher.endpoint_health as h (endpoint_id, last_success_at) values ($1, now())
       on conflict (endpoint_id) do update set failing_since = null, disable_requested_at = null, last_success_at = now(), updated_at = now()`,
      [endpointId],
    );
  }

  /**
   * Finished jobs are kept as long as their messages can be replayed from Kafka (7 days), then
   * removed; then the bodies as old that no job references any more.
   */
  async purgeFinished(olderThanMs: number): Promise<number> {
    const rows = rowsOf(await this.db.query(
      `delete from dispatcher.delivery_jobs where id in (
         select id from dispatcher.delivery_jobs where status in ('succeeded', 'failed') and created_at < now() - make_interval(secs => $1::double precision / 1000) limit 5000
       ) returning id`,
      [olderThanMs],
    ));
    await this.db.query(
      `delete from dispatcher.message_bodies where message_id in (
         select b.message_id from dispatcher.message_bodies b
         where b.created_at < now() - make_interval(secs => $1::double precision / 1000)
           and not exists (select 1 from dispatcher.delivery_jobs j where j.message_id = b.message_id)
         limit 5000
       )`,
      [olderThanMs],
    );
    return rows.length;
  }
}
