import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'gateway', name: 'idempotency_keys' })
@Index('idempotency_keys_created_idx', ['createdAt'])
export class IdempotencyKeyEntity {
  @PrimaryColumn('uuid', { name: 'project_id' }) projectId!: string;
  @PrimaryColumn('text') environment!: string;
  @PrimaryColumn('text') key!: string;
  @Column('uuid', { name: 'message_id' }) messageId!: string;
  /** SHA-256 of the event and payload: the same key with another body is refused. */
  @Column('text', { name: 'request_hash' }) requestHash!: string;
  /** Set once the broker acknowledged the message; until then a retry re-publishes the same id. */
  @Column('timestamptz', { name: 'published_at', nullable: true }) publishedAt!: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
