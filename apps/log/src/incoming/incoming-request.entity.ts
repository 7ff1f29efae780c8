import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'log', name: 'incoming_requests' })
@Index('incoming_requests_scope_received_idx', ['projectId', 'environment', 'receivedAt', 'id'])
@Index('incoming_requests_scope_status_idx', ['projectId', 'environment', 'status', 'receivedAt', 'id'])
@Index('incoming_requests_scope_message_idx', ['projectId', 'environment', 'messageId'], { where: 'message_id is not null' })
@Index('incoming_requests_received_idx', ['receivedAt'])
export class IncomingRequestRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id', nullable: true })
  projectId!: string | null;

  @Column('text', { nullable: true })
  environment!: string | null;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  @Column('text')
  method!: string;

  @Column('text')
  path!: string;

  @Column('smallint')
  status!: number;

  @Column('real', { name: 'duration_ms' })
  durationMs!: number;

  @Column('uuid', { name: 'message_id', nullable: true })
  messageId!: string | null;

  @Column('text', { name: 'idempotency_key', nullable: true })
  idempotencyKey!: string | null;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('text', { name: 'body_excerpt' })
  bodyExcerpt!: string;

  @Column('text', { name: 'source_ip', nullable: true })
  sourceIp!: string | null;

  /** Further refusals (429) of the same second this row stands for (the gateway folds floods). */
  @Column('integer', { default: 0 })
  repeated!: number;
}
