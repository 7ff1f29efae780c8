import type { DatabaseSettings } from '@fastgen/platform';
import type { ConfigEnv } from './config.env';
import { CreateConfigSchema1764200000000 } from './migrations/1764200000000-create-config-schema';

export const CONFIG_SCHEMA = 'config';

// Entities and migrations are listed here, not globbed: the app is bundled into one file.
export const configDatabase = (env: ConfigEnv): DatabaseSettings => ({
  url: env.DATABASE_URL,
  schema: CONFIG_SCHEMA,
  poolSize: env.DATABASE_POOL_SIZE,
  entities: [],
  migrations: [CreateConfigSchema1764200000000],
});
