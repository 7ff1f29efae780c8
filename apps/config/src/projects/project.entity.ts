import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ schema: 'config', name: 'projects' })
@Index('projects_created_idx', ['createdAt', 'id'])
export class ProjectEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;
}
