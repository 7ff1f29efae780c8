import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// One row per HTTP attempt, as the dispatcher reported it (signature headers redacted).
@Entity({ schema: 'log', name: 'attempts' })
@Index('attempts_delivery_idx', ['deliveryId', 'startedAt', 'id'])
@Index('attempts_message_idx', ['messageId'])
@Index('attempts_started_idx', ['startedAt'])
export class AttemptRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'delivery_id' })
  deliveryId!: string;

  @Column('uuid', { name: 'message_id' })
  messageId!: string;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  environment!: string;

  @Column('text')
  event!: string;

  @Column('integer', { name: 'attempt_number' })
  attemptNumber!: number;

  @Column('text')
  trigger!: string;

  @Column('timestamptz', { name: 'started_at' })
  startedAt!: Date;

  @Column('real', { name: 'duration_ms' })
  durationMs!: number;

  @Column('text')
  url!: string;

  @Column('jsonb', { name: 'request_headers' })
  requestHeaders!: Record<string, string>;

  @Column('smallint', { name: 'response_status', nullable: true })
  responseStatus!: number | null;

  @Column('jsonb', { name: 'response_headers' })
  responseHeaders!: Record<string, string>;

  @Column('text', { name: 'response_body' })
  responseBody!: string;

  @Column('text', { nullable: true })
  error!: string | null;

  @Column('boolean')
  succeeded!: boolean;

  @Column('text', { name: 'delivery_status' })
  deliveryStatus!: string;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;
}
