import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// One row per delivery (message x endpoint) with its latest state; written with guarded upserts
// (see records/record-writer.ts). Every filter index ends in (created_at, id) for keyset pages.
@Entity({ schema: 'log', name: 'deliveries' })
@Index('deliveries_scope_created_idx', ['projectId', 'environment', 'createdAt', 'id'])
@Index('deliveries_scope_status_idx', ['projectId', 'environment', 'status', 'createdAt', 'id'])
@Index('deliveries_scope_event_idx', ['projectId', 'environment', 'event', 'createdAt', 'id'])
@Index('deliveries_scope_endpoint_idx', ['projectId', 'environment', 'endpointId', 'createdAt', 'id'])
@Index('deliveries_scope_message_idx', ['projectId', 'environment', 'messageId', 'createdAt', 'id'])
@Index('deliveries_scope_response_status_idx', ['projectId', 'environment', 'lastResponseStatus', 'createdAt', 'id'])
@Index('deliveries_created_idx', ['createdAt'])
export class DeliveryRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  environment!: string;

  @Column('uuid', { name: 'message_id' })
  messageId!: string;

  @Column('uuid', { name: 'endpoint_id' })
  endpointId!: string;

  @Column('text')
  event!: string;

  @Column('text')
  status!: string;

  @Column('integer')
  attempts!: number;

  @Column('integer', { name: 'last_attempt_number' })
  lastAttemptNumber!: number;

  @Column('timestamptz', { name: 'last_attempt_at' })
  lastAttemptAt!: Date;

  @Column('timestamptz', { name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  @Column('smallint', { name: 'last_response_status', nullable: true })
  lastResponseStatus!: number | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
