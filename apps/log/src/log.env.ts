import { Type } from '@sinclair/typebox';
import { BaseEnv, loadEnv } from '@fastgen/platform';

export const LogEnv = {
  ...BaseEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3003 }),
};

export type LogEnv = ReturnType<typeof loadLogEnv>;
export const loadLogEnv = () => loadEnv(LogEnv);
