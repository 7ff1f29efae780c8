// Nest building blocks every service shares: environment, logging, Kafka, database, health,
// request-reply and the process life cycle. Feature logic lives in the apps.
export * from './config/env';
export * from './config/config.module';
export * from './config/url-policy-env';
export * from './config/connection-env';
export * from './logging';
export * from './errors';
export * from './kafka/kafka-client';
export * from './kafka/kafka.tokens';
export * from './kafka/kafka.module';
export * from './kafka/producer';
export * from './kafka/dead-letters';
export * from './kafka/restart-after-crash';
export * from './kafka/topic-admin';
export * from './database/database';
export * from './health/readiness';
export * from './health/health.module';
export * from './health/metrics-server';
export * from './rpc/rpc-client';
export * from './rpc/rpc-server';
export * from './rpc/rpc.module';
export * from './bootstrap/run-service';
export * from './kafka/compacted-view';
export * from './views/event-types-view.service';
export * from './observability';
