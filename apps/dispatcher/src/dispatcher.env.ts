import { Type } from '@sinclair/typebox';
import { BaseEnv, loadEnv } from '@fastgen/platform';

export const DispatcherEnv = {
  ...BaseEnv,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3002 }),
};

export type DispatcherEnv = ReturnType<typeof loadDispatcherEnv>;
export const loadDispatcherEnv = () => loadEnv(DispatcherEnv);
