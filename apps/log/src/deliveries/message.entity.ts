import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// Written with raw batch SQL (see records/record-writer.ts); the entity documents the table.
@Entity({ schema: 'log', name: 'messages' })
@Index('messages_created_idx', ['createdAt'])
export class MessageRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  environment!: string;

  @Column('text')
  event!: string;

  /** The payload as the JSON text signed and sent (text, not jsonb: any JSON value fits, byte for byte). */
  @Column('text', { nullable: true })
  payload!: string | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('text')
  source!: string;

  @Column('uuid', { name: 'endpoint_id', nullable: true })
  endpointId!: string | null;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}
