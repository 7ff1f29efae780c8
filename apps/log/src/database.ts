import type { DatabaseSettings } from '@fastgen/platform';
import type { LogEnv } from './log.env';
import { IncomingRequestRecord } from './incoming/incoming-request.entity';
import { CreateIncomingRequests1764200000000 } from './migrations/1764200000000-create-incoming-requests';

export const LOG_SCHEMA = 'log';

// Entities and migrations are listed here, not globbed: the app is bundled into one file.
export const logDatabase = (env: LogEnv): DatabaseSettings => ({
  url: env.DATABASE_URL,
  schema: LOG_SCHEMA,
  poolSize: env.DATABASE_POOL_SIZE,
  entities: [IncomingRequestRecord],
  migrations: [CreateIncomingRequests1764200000000],
});
