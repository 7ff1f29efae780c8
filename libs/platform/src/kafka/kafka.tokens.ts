/** Injection token of the service's kafkajs client. */
export const KAFKA = Symbol('KAFKA');
/** Injection token of the service's Kafka client id (names it in dead letters). */
export const KAFKA_CLIENT_ID = Symbol('KAFKA_CLIENT_ID');
