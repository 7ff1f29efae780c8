import type { RpcSpec } from './rpc';

// Request-reply patterns answered by apps/log (log queries).
export const LOG_RPC: Record<string, RpcSpec> = {};
