import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { GuardedPool, NestTypeOrmLogger, dataSourceOptions, guardedPg } from './database';

describe('GuardedPool', () => {
  it('keeps an error listener on every client it connects, so an error between hand-out and use cannot end the process', async () => {
    const pool = new GuardedPool({ max: 1 });
    // What pg-pool does when a new client is ready: 'connect', then its own listener comes off.
    const client = new EventEmitter();
    pool.emit('connect', client);
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect(() => client.emit('error', new Error('terminating connection due to administrator command'))).not.toThrow();
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('terminating connection due to administrator command'));
      // Once TypeORM listens too, the error is its to report: the guard stays quiet.
      warn.mockClear();
      client.on('error', () => undefined);
      client.emit('error', new Error('again'));
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      await pool.end();
    }
  });

  it('is the pool TypeORM builds from the data source options, with the rest of pg untouched', () => {
    const options = dataSourceOptions({ url: 'postgres://x@127.0.0.1/x', schema: 's', entities: [], migrations: [] }) as { driver: typeof guardedPg };
    expect(options.driver.Pool).toBe(GuardedPool);
    expect(options.driver.Client).toBeDefined();
    expect(options.driver.types).toBeDefined();
  });
});

describe('NestTypeOrmLogger', () => {
  it('logs a failed query by its first line and never its parameters', () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      new NestTypeOrmLogger().logQueryError(new Error('connection lost'), 'insert into log.attempts (id, request_headers)\n select ...', ['secret-value', '{"webhook-signature":"v1,abc"}']);
      const [line] = warn.mock.calls[0]!;
      expect(line).toBe('query failed (insert into log.attempts (id, request_headers)): connection lost');
      expect(String(line)).not.toContain('abc');
    } finally {
      warn.mockRestore();
    }
  });
});
