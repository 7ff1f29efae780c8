import { Type } from '@sinclair/typebox';
import { BaseEnv, loadEnv } from '@fastgen/platform';

export const LogEnv = {
  ...BaseEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3003 }),
  LOG_RETENTION_DAYS: Type.Integer({ minimum: 1, default: 30, description: 'Log records older than this are purged.' }),
  LOG_RETENTION_INTERVAL_MS: Type.Integer({ minimum: 100, default: 60_000, description: 'How often the purge runs.' }),
  LOG_RETENTION_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 100_000, default: 1_000, description: 'Rows deleted per statement.' }),
  LOG_WRITE_RETRY_MAX_MS: Type.Integer({ minimum: 10, default: 5_000, description: 'Longest pause between retries of a failed batch write.' }),
  LOG_STALL_AFTER_MS: Type.Integer({
    minimum: 1_000,
    default: 60_000,
    description: 'The service reports unready once records have waited this long without a commit (a stalled consumer).',
  }),
};

export type LogEnv = ReturnType<typeof loadLogEnv>;
export const loadLogEnv = () => loadEnv(LogEnv);
