import { isPermanentConnectionError } from './kafka-client';

describe('isPermanentConnectionError', () => {
  it('is true for a certificate the client cannot verify, however deeply wrapped', () => {
    const socket = Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const connection = Object.assign(new Error('Connection error: self-signed certificate'), { name: 'KafkaJSConnectionError', cause: socket });
    const exhausted = Object.assign(new Error('retries exhausted'), { name: 'KafkaJSNumberOfRetriesExceeded', originalError: connection });
    expect(isPermanentConnectionError(exhausted)).toBe(true);
  });

  it('is true for refused SASL credentials', () => {
    expect(isPermanentConnectionError(Object.assign(new Error('SASL SCRAM SHA256 authentication failed'), { name: 'KafkaJSSASLAuthenticationError' }))).toBe(true);
  });

  it('is false for a broker that is merely down or busy', () => {
    expect(isPermanentConnectionError(new Error('Connection error: connect ECONNREFUSED 127.0.0.1:9092'))).toBe(false);
    expect(isPermanentConnectionError(new Error('This server does not host this topic-partition'))).toBe(false);
  });
});
