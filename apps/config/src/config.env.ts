import { Type } from '@sinclair/typebox';
import { BaseEnv, loadEnv } from '@fastgen/platform';

export const ConfigEnv = {
  ...BaseEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3001 }),
};

export type ConfigEnv = ReturnType<typeof loadConfigEnv>;
export const loadConfigEnv = () => loadEnv(ConfigEnv);
