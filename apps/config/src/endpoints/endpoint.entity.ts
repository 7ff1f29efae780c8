import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Environment } from '@fastgen/contracts';

/** A signing secret sealed with the master key; `expiresAt` null for the current one. */
export interface StoredSecret {
  sealed: string;
  expiresAt: string | null;
}

@Entity({ schema: 'config', name: 'endpoints' })
@Index('endpoints_scope_idx', ['projectId', 'environment', 'createdAt', 'id'])
export class EndpointEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  environment!: Environment;

  @Column('text')
  url!: string;

  @Column('text')
  description!: string;

  @Column('jsonb', { name: 'event_types' })
  eventTypes!: string[];

  @Column('boolean')
  enabled!: boolean;

  @Column('text', { name: 'disabled_reason', nullable: true })
  disabledReason!: string | null;

  @Column('jsonb')
  headers!: Record<string, string>;

  @Column('integer', { name: 'rate_limit', nullable: true })
  rateLimit!: number | null;

  // Newest first; never stored or published in clear.
  @Column('jsonb')
  secrets!: StoredSecret[];

  @Column('integer')
  version!: number;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
