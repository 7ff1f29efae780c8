import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'config', name: 'projects' })
@Index('projects_created_idx', ['createdAt', 'id'])
export class ProjectEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  // Admission limits; null = the platform default (see ProjectLimits in libs/contracts).
  @Column('integer', { name: 'events_per_second', nullable: true })
  eventsPerSecond!: number | null;

  @Column('integer', { nullable: true })
  burst!: number | null;

  @Column('integer', { name: 'max_backlog', nullable: true })
  maxBacklog!: number | null;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at' })
  updatedAt!: Date;
}
