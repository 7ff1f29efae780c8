import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Environment } from '@fastgen/contracts';

@Entity({ schema: 'config', name: 'api_keys' })
@Index('api_keys_project_idx', ['projectId', 'createdAt', 'id'])
@Index('api_keys_hash_key', ['keyHash'], { unique: true })
export class ApiKeyEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'project_id' })
  projectId!: string;

  @Column('text')
  environment!: Environment;

  @Column('text')
  name!: string;

  // Only the SHA-256 of the key is stored; the key itself is shown once.
  @Column('text', { name: 'key_hash' })
  keyHash!: string;

  @Column('text')
  prefix!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
