import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Environment } from '@fastgen/contracts';

@Entity({ schema: 'config', name: 'event_types' })
@Index('event_types_scope_name_key', ['projectId', 'environment', 'name'], { unique: true })
@Index('event_types_scope_idx', ['projectId', 'environment', 'createdAt', 'id'])
export class EventTypeEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  environment!: Environment;

  @Column('text')
  name!: string;

  @Column('text')
  description!: string;

  @Column('jsonb', { nullable: true })
  schema!: Record<string, unknown> | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
