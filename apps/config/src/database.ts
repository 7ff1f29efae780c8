import { databaseConnection, type DatabaseSettings } from '@fastgen/platform';
import type { ConfigEnv } from './config.env';
import { CreateConfigSchema1764200000000 } from './migrations/1764200000000-create-config-schema';
import { CreateConfigTables1764300000000 } from './migrations/1764300000000-create-config-tables';
import { ProjectLimits1764600000000 } from './migrations/1764600000000-project-limits';
import { ProjectEntity } from './projects/project.entity';
import { ApiKeyEntity } from './projects/api-key.entity';
import { EndpointEntity } from './endpoints/endpoint.entity';
import { EventTypeEntity } from './event-types/event-type.entity';

export const CONFIG_SCHEMA = 'config';
export const CONFIG_ENTITIES = [ProjectEntity, ApiKeyEntity, EndpointEntity, EventTypeEntity];

// Entities and migrations are listed here, not globbed: the app is bundled into one file.
export const configDatabase = (env: ConfigEnv): DatabaseSettings => ({
  ...databaseConnection(env),
  schema: CONFIG_SCHEMA,
  poolSize: env.DATABASE_POOL_SIZE,
  entities: CONFIG_ENTITIES,
  migrations: [CreateConfigSchema1764200000000, CreateConfigTables1764300000000, ProjectLimits1764600000000],
});
