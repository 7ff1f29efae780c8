import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// Written with batch SQL (records/record-writer.ts), read by log-queries.ts; the entity documents the table.
@Entity({ schema: 'log', name: 'dead_letters' })
@Index('dead_letters_scope_failed_idx', ['projectId', 'failedAt', 'id'])
@Index('dead_letters_failed_idx', ['failedAt', 'id'])
export class DeadLetterRecord {
  /** Derived from the dead-letter record's own coordinates, so a replay writes nothing new. */
  @PrimaryColumn('uuid') id!: string;
  /** The project the refused record names, when it names one (null: admins only). */
  @Column('uuid', { name: 'project_id', nullable: true }) projectId!: string | null;
  @Column('text') topic!: string;
  @Column('text') reason!: string;
  @Column('text') consumer!: string;
  @Column('timestamptz', { name: 'failed_at' }) failedAt!: Date;
  /** The whole DeadLetter record as JSON text (any value, NUL included, fits). */
  @Column('text') record!: string;
  @Column('timestamptz', { name: 'recorded_at' }) recordedAt!: Date;
}
