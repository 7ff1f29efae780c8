import type { MigrationInterface, QueryRunner } from 'typeorm';

// Hourly rollups that keep the 7- and 30-day chart and the endpoints' 24-hour health cheap at
// millions of attempts. They are maintained by statement-level triggers over transition tables,
// so whatever writes the log (batched upserts today) keeps them exact without knowing of them:
// - delivery_stats_hourly and endpoint_delivery_stats_hourly: deliveries per (hour of created_at,
//   current status), per project + environment and per endpoint; insert, update and delete
//   triggers move counts between statuses, so they always equal a count(*) over log.deliveries
//   (the chart's raw query).
// - endpoint_attempts_hourly: attempts and successes per (endpoint, hour of started_at) and the
//   latest attempt of that hour, for endpoint health. Attempts are never updated.
// Concurrency: every trigger upserts its rows in key order in one statement. The delivery triggers
// also take one transaction-scoped advisory lock, because an upsert fires both an insert and an
// update trigger (two statements), and two writers taking those rows in two passes could deadlock.
// The lock is held to commit, so delivery writes of concurrent log writer transactions serialise
// from their delivery upsert on (the attempts insert before it runs in parallel).
const HOUR = `date_bin(interval '1 hour', created_at, timestamptz 'epoch')`;

export class CreateHourlyRollups1764400000000 implements MigrationInterface {
  name = 'CreateHourlyRollups1764400000000';

  async up(runner: QueryRunner): Promise<void> {
    // Per scope (the chart) and per endpoint (the chart filtered by endpoint): a month is at most
    // 720 hours x 4 statuses of one key range in either, however many endpoints there are.
    await runner.query(`
      create table log.delivery_stats_hourly (
        project_id uuid not null,
        environment text not null,
        hour timestamptz not null,
        status text not null,
        deliveries integer not null,
        primary key (project_id, environment, hour, status)
      )`);
    await runner.query(`
      create table log.endpoint_delivery_stats_hourly (
        project_id uuid not null,
        environment text not null,
        endpoint_id uuid not null,
        hour timestamptz not null,
        status text not null,
        deliveries integer not null,
        primary key (project_id, environment, endpoint_id, hour, status)
      )`);
    await runner.query(`create index delivery_stats_hourly_hour_idx on log.delivery_stats_hourly (hour)`);
    await runner.query(`create index endpoint_delivery_stats_hourly_hour_idx on log.endpoint_delivery_stats_hourly (hour)`);
    // Each trigger sees only the transition tables of its event; the other side is an empty set.

    await runner.query(
      this.deliveryTrigger(
        'insert',
        'new table as new_rows',
        `select * from new_rows`,
        `select * from new_rows where false`,
      ),
    );
    await runner.query(
      this.deliveryTrigger(
        'update',
        'old table as old_rows new table as new_rows',
        `select * from new_rows`,
        `select * from old_rows`,
      ),
    );
    await runner.query(
      this.deliveryTrigger(
        'delete',
        'old table as old_rows',
        `select * from old_rows where false`,
        `select * from old_rows`,
      ),
    );
    await runner.query(`
      insert into log.endpoint_delivery_stats_hourly (project_id, environment, endpoint_id, hour, status, deliveries)
      select project_id, environment, endpoint_id, ${HOUR}, status, count(*) from log.deliveries group by 1, 2, 3, 4, 5`);
    await runner.query(`
      insert into log.delivery_stats_hourly (project_id, environment, hour, status, deliveries)
      select project_id, environment, ${HOUR}, status, count(*) from log.deliveries group by 1, 2, 3, 4`);

    await runner.query(`
      create table log.endpoint_attempts_hourly (
        project_id uuid not null,
        environment text not null,
        endpoint_id uuid not null,
        hour timestamptz not null,
        attempts integer not null,
        succeeded integer not null,
        last_attempt_at timestamptz not null,
        last_response_status smallint,
        last_succeeded boolean not null,
        last_error text,
        primary key (project_id, environment, endpoint_id, hour)
      )`);
    await runner.query(
      `create index endpoint_attempts_hourly_hour_idx on log.endpoint_attempts_hourly (hour)`,
    );
    await runner.query(`
      create function log.endpoint_attempts_inserted() returns trigger language plpgsql as $$
      begin
        insert into log.endpoint_attempts_hourly as s
          (project_id, environment, endpoint_id, hour, attempts, succeeded, last_attempt_at, last_response_status, last_succeeded, last_error)
        select a.project_id, a.environment, a.endpoint_id, a.hour, a.attempts, a.succeeded, l.started_at, l.response_status, l.succeeded, l.error
        from (
          select project_id, environment, endpoint_id, date_bin(interval '1 hour', started_at, timestamptz 'epoch') as hour,
                 count(*)::int as attempts, (count(*) filter (where succeeded))::int as succeeded
          from new_rows group by 1, 2, 3, 4
        ) a
        join (
          select distinct on (project_id, environment, endpoint_id, date_bin(interval '1 hour', started_at, timestamptz 'epoch'))
                 project_id, environment, endpoint_id, date_bin(interval '1 hour', started_at, timestamptz 'epoch') as hour,
                 started_at, response_status, succeeded, error
          from new_rows order by project_id, environment, endpoint_id, date_bin(interval '1 hour', started_at, timestamptz 'epoch'), started_at desc
        ) l using (project_id, environment, endpoint_id, hour)
        order by 1, 2, 3, 4
        on conflict (project_id, environment, endpoint_id, hour) do update set
          attempts = s.attempts + excluded.attempts,
          succeeded = s.succeeded + excluded.succeeded,
          last_attempt_at = greatest(s.last_attempt_at, excluded.last_attempt_at),
          last_response_status = case when excluded.last_attempt_at >= s.last_attempt_at then excluded.last_response_status else s.last_response_status end,
          last_succeeded = case when excluded.last_attempt_at >= s.last_attempt_at then excluded.last_succeeded else s.last_succeeded end,
          last_error = case when excluded.last_attempt_at >= s.last_attempt_at then excluded.last_error else s.last_error end;
        return null;
      end $$`);
    await runner.query(`
      create trigger endpoint_attempts_hourly_insert after insert on log.attempts
      referencing new table as new_rows for each statement execute function log.endpoint_attempts_inserted()`);
    await runner.query(`
      insert into log.endpoint_attempts_hourly
        (project_id, environment, endpoint_id, hour, attempts, succeeded, last_attempt_at, last_response_status, last_succeeded, last_error)
      select distinct on (project_id, environment, endpoint_id, hour) project_id, environment, endpoint_id, hour,
             count(*) over w, count(*) filter (where succeeded) over w, started_at, response_status, succeeded, error
      from (select *, date_bin(interval '1 hour', started_at, timestamptz 'epoch') as hour from log.attempts) a
      window w as (partition by project_id, environment, endpoint_id, hour)
      order by project_id, environment, endpoint_id, hour, started_at desc`);
  }

  private deliveryTrigger(
    event: 'insert' | 'update' | 'delete',
    referencing: string,
    added: string,
    removed: string,
  ): string {
    return `
      create function log.delivery_stats_after_${event}() returns trigger language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('fastgen-log-delivery-rollup'));
        -- One statement: the endpoint rows, then the scope rows, from the same deltas.
        with d as (
          select project_id, environment, endpoint_id, hour, status, sum(delta)::int as delta
          from (
            select project_id, environment, endpoint_id, ${HOUR} as hour, status, 1 as delta from (${added}) n
            union all
            select project_id, environment, endpoint_id, ${HOUR} as hour, status, -1 as delta from (${removed}) o
          ) x
          group by 1, 2, 3, 4, 5
          having sum(delta) <> 0
        ), by_endpoint as (
          insert into log.endpoint_delivery_stats_hourly as s (project_id, environment, endpoint_id, hour, status, deliveries)
          select project_id, environment, endpoint_id, hour, status, delta from d order by 1, 2, 3, 4, 5
          on conflict (project_id, environment, endpoint_id, hour, status) do update set deliveries = s.deliveries + excluded.deliveries
        )
        insert into log.delivery_stats_hourly as s (project_id, environment, hour, status, deliveries)
        select project_id, environment, hour, status, sum(delta)::int from d group by 1, 2, 3, 4 order by 1, 2, 3, 4
        on conflict (project_id, environment, hour, status) do update set deliveries = s.deliveries + excluded.deliveries;
        return null;
      end $$;
      create trigger delivery_stats_hourly_${event} after ${event} on log.deliveries
      referencing ${referencing} for each statement execute function log.delivery_stats_after_${event}()`;
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `drop trigger endpoint_attempts_hourly_insert on log.attempts`,
    );
    await runner.query(`drop function log.endpoint_attempts_inserted()`);
    await runner.query(`drop table log.endpoint_attempts_hourly`);
    for (const event of ['insert', 'update', 'delete']) {
      await runner.query(
        `drop trigger delivery_stats_hourly_${event} on log.deliveries`,
      );
      await runner.query(`drop function log.delivery_stats_after_${event}()`);
    }
    await runner.query(`drop table log.endpoint_delivery_stats_hourly`);
    await runner.query(`drop table log.delivery_stats_hourly`);
  }
}
