import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { DeliveryStatus } from '@fastgen/contracts';

// Mapped for documentation and typed reads; the hot paths use the SQL in delivery-store.ts.
@Entity({ schema: 'dispatcher', name: 'delivery_jobs' })
@Index('delivery_jobs_endpoint_due_idx', ['endpointId', 'nextAttemptAt'], { where: `status in ('pending', 'retrying')` })
@Index('delivery_jobs_finished_idx', ['createdAt'], { where: `status in ('succeeded', 'failed')` })
@Index('delivery_jobs_delivery_idx', ['deliveryId'])
export class DeliveryJobEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('uuid', { name: 'delivery_id' }) deliveryId!: string;
  @Column('text') trigger!: 'scheduled' | 'manual';
  @Column('uuid', { name: 'message_id' }) messageId!: string;
  @Column('uuid', { name: 'endpoint_id' }) endpointId!: string;
  @Column('uuid', { name: 'project_id' }) projectId!: string;
  @Column('text') environment!: 'development' | 'production';
  @Column('text') event!: string;
  /** Jobs written before message_bodies carry their own copy; newer ones null (see MessageBodyEntity). */
  @Column('text', { nullable: true }) body!: string | null;
  @Column('text') status!: DeliveryStatus;
  @Column('integer') attempts!: number;
  /** Attempts of the delivery before this job (a manual job continues the numbering). */
  @Column('integer', { name: 'attempt_base' }) attemptBase!: number;
  @Column('integer', { name: 'max_attempts' }) maxAttempts!: number;
  @Column('timestamptz', { name: 'next_attempt_at' }) nextAttemptAt!: Date;
  /** Set while a dispatcher holds the job; an expired lease (crashed holder) makes it due again. */
  @Column('timestamptz', { name: 'lease_until', nullable: true }) leaseUntil!: Date | null;
  /** The dispatcher instance (host:port) holding the lease. */
  @Column('text', { name: 'lease_owner', nullable: true }) leaseOwner!: string | null;
  @Column('integer', { name: 'last_response_status', nullable: true }) lastResponseStatus!: number | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError!: string | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity({ schema: 'dispatcher', name: 'endpoint_health' })
export class EndpointHealthEntity {
  @PrimaryColumn('uuid', { name: 'endpoint_id' }) endpointId!: string;
  @Column('timestamptz', { name: 'failing_since', nullable: true }) failingSince!: Date | null;
  @Column('timestamptz', { name: 'last_success_at', nullable: true }) lastSuccessAt!: Date | null;
  @Column('timestamptz', { name: 'disable_requested_at', nullable: true }) disableRequestedAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}

@Entity({ schema: 'dispatcher', name: 'outbox' })
@Index('outbox_created_idx', ['createdAt'])
export class OutboxEntity {
  @PrimaryColumn('uuid') id!: string;
  /** Topic key in libs/contracts TOPICS.dispatcher (attempts, endpointDisableRequests). */
  @Column('text') topic!: string;
  @Column('text') key!: string;
  /** The record as JSON text (jsonb would refuse \u0000 in a response body). */
  @Column('text') value!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}

/** The exact bytes sent (and signed) on every attempt of every job of the message: stored once. */
@Entity({ schema: 'dispatcher', name: 'message_bodies' })
export class MessageBodyEntity {
  @PrimaryColumn('uuid', { name: 'message_id' }) messageId!: string;
  @Column('text') body!: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
}
