import { databaseConnection, type DatabaseSettings } from '@fastgen/platform';
import type { GatewayEnv } from './gateway.env';
import { CreateGatewaySchema1764200000000 } from './migrations/1764200000000-create-gateway-schema';
import { CreateIdempotencyKeys1764300000000 } from './migrations/1764300000000-create-idempotency-keys';
import { IdempotencyKeyEntity } from './events/idempotency-key.entity';

export const GATEWAY_SCHEMA = 'gateway';

// Entities and migrations are listed here, not globbed: the app is bundled into one file.
export const gatewayDatabase = (env: GatewayEnv): DatabaseSettings => ({
  ...databaseConnection(env),
  schema: GATEWAY_SCHEMA,
  poolSize: env.DATABASE_POOL_SIZE,
  entities: [IdempotencyKeyEntity],
  migrations: [CreateGatewaySchema1764200000000, CreateIdempotencyKeys1764300000000],
});
