import { Kafka, Partitioners, logLevel, type KafkaConfig, type ProducerConfig, type logCreator } from 'kafkajs';
import { Logger } from '@nestjs/common';
import type { KafkaConnection } from '../config/connection-env';

export interface KafkaSettings {
  brokers: string;
  clientId: string;
  /** TLS and SASL (KAFKA_SSL*, KAFKA_SASL_*); see kafkaSettings(env, clientId). */
  connection?: KafkaConnection;
}

// kafkajs logs through Nest's logger (and so through pino), errors and warnings only.
const toNestLogger: logCreator = () => {
  const logger = new Logger('kafkajs');
  return ({ level, log }) => {
    const { message, ...extra } = log;
    const line = `${message} ${JSON.stringify(extra)}`;
    if (level === logLevel.ERROR) logger.error(line);
    else if (level === logLevel.WARN) logger.warn(line);
  };
};

export function kafkaConfig({ brokers, clientId, connection }: KafkaSettings): KafkaConfig {
  return {
    clientId,
    brokers: brokers.split(','),
    ...(connection?.ssl ? { ssl: connection.ssl } : {}),
    ...(connection?.sasl ? { sasl: connection.sasl } : {}),
    logLevel: logLevel.WARN,
    logCreator: toNestLogger,
    // Retry for about half a minute so a broker restart is ridden out rather than crashing, never
    // pausing more than 2 s: a broker that is back is used again within seconds.
    retry: { initialRetryTime: 300, retries: 15, maxRetryTime: 2_000 },
    connectionTimeout: 3_000,
  };
}

/**
 * What every producer of the platform shares. Topics are created by TopicAdmin, never by a send.
 * The partitioner is kafkajs's default (Java-compatible murmur2, so a key lands where a Java
 * producer would put it); naming it stops kafkajs warning at each start that its default changed.
 */
export const PRODUCER_DEFAULTS: ProducerConfig = { allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner };

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka(kafkaConfig(settings));
}

// A broker whose certificate cannot be verified, or that refuses the SASL credentials, will not
// change its mind on a retry: the service should stop at once and say so, not retry for minutes.
const PERMANENT_CONNECTION = /certificate|self[- ]signed|unable to verify|unable to get (local )?issuer|ERR_TLS_|wrong version number|SASL .*authentication failed|Authentication failed/i;

/** Whether a Kafka error (or what it wraps) is a TLS verification or SASL authentication failure. */
export function isPermanentConnectionError(err: unknown): boolean {
  for (let e = err as { name?: string; message?: string; code?: string; cause?: unknown; originalError?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (e.name === 'KafkaJSSASLAuthenticationError') return true;
    if (PERMANENT_CONNECTION.test(`${e.message ?? ''} ${e.code ?? ''}`)) return true;
    e = (e.originalError ?? e.cause) as typeof e;
  }
  return false;
}
