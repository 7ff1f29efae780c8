import { databaseConnection, type DatabaseSettings } from '@fastgen/platform';
import type { LogEnv } from './log.env';
import { IncomingRequestRecord } from './incoming/incoming-request.entity';
import { MessageRecord } from './deliveries/message.entity';
import { DeliveryRecord } from './deliveries/delivery.entity';
import { AttemptRecord } from './deliveries/attempt.entity';
import { DeadLetterRecord } from './deliveries/dead-letter.entity';
import { CreateIncomingRequests1764200000000 } from './migrations/1764200000000-create-incoming-requests';
import { CreateDeliveryLog1764300000000 } from './migrations/1764300000000-create-delivery-log';
import { CreateHourlyRollups1764400000000 } from './migrations/1764400000000-create-hourly-rollups';
import { PayloadAsJsonText1764600000000 } from './migrations/1764600000000-payload-as-json-text';
import { FoldedRefusals1764700000000 } from './migrations/1764700000000-folded-refusals';

export const LOG_SCHEMA = 'log';

// Entities and migrations are listed here, not globbed: the app is bundled into one file.
export const logDatabase = (env: LogEnv): DatabaseSettings => ({
  ...databaseConnection(env),
  schema: LOG_SCHEMA,
  poolSize: env.DATABASE_POOL_SIZE,
  entities: [IncomingRequestRecord, MessageRecord, DeliveryRecord, AttemptRecord, DeadLetterRecord],
  migrations: [CreateIncomingRequests1764200000000, CreateDeliveryLog1764300000000, CreateHourlyRollups1764400000000, PayloadAsJsonText1764600000000, FoldedRefusals1764700000000],
});
