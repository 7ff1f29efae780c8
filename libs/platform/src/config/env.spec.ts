import { Type } from '@sinclair/typebox';
import { BaseEnv, InvalidEnvironment, loadEnv } from './env';

const Schema = { ...BaseEnv, PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }), ADMIN_TOKEN: Type.String({ minLength: 16 }) };

describe('loadEnv', () => {
  it('fills defaults and converts numbers', () => {
    const env = loadEnv(Schema, { PORT: '4000', ADMIN_TOKEN: 'a'.repeat(16) });
    expect(env.PORT).toBe(4000);
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:9092');
    expect(env.KAFKA_TOPIC_PREFIX).toBe('');
  });

  it('names every bad or missing variable at once', () => {
    let caught: unknown;
    try {
      loadEnv(Schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidEnvironment);
    const message = (caught as Error).message;
    for (const name of ['PORT', 'DATABASE_URL', 'ADMIN_TOKEN', 'LOG_LEVEL']) expect(message).toContain(name);
    expect(message).toContain('(got "eighty")');
  });

  it('rejects a malformed broker list', () => {
    expect(() => loadEnv(Schema, { ADMIN_TOKEN: 'a'.repeat(16), KAFKA_BROKERS: 'a:1,,b:2' })).toThrow(/KAFKA_BROKERS/);
  });
});
