import { databaseConnection, type DatabaseSettings } from '@fastgen/platform';
import type { DispatcherEnv } from './dispatcher.env';
import { CreateDispatcherSchema1764200000000 } from './migrations/1764200000000-create-dispatcher-schema';
import { CreateDeliveryJobs1764300000000 } from './migrations/1764300000000-create-delivery-jobs';
import { LeanerDeliveryJobIndexes1764400000000 } from './migrations/1764400000000-leaner-delivery-job-indexes';
import { LeaseOwner1764500000000 } from './migrations/1764500000000-lease-owner';
import { MessageBodies1764600000000 } from './migrations/1764600000000-message-bodies';
import { DeliveryJobEntity, EndpointHealthEntity, MessageBodyEntity, OutboxEntity } from './delivery/delivery-job.entity';

export const DISPATCHER_SCHEMA = 'dispatcher';

// Entities and migrations are listed here, not globbed: the app is bundled into one file.
export const dispatcherDatabase = (env: DispatcherEnv): DatabaseSettings => ({
  ...databaseConnection(env),
  schema: DISPATCHER_SCHEMA,
  poolSize: env.DATABASE_POOL_SIZE,
  entities: [DeliveryJobEntity, EndpointHealthEntity, OutboxEntity, MessageBodyEntity],
  migrations: [CreateDispatcherSchema1764200000000, CreateDeliveryJobs1764300000000, LeanerDeliveryJobIndexes1764400000000, LeaseOwner1764500000000, MessageBodies1764600000000],
});
