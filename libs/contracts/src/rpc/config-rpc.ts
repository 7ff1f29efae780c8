import { Type } from '@sinclair/typebox';
import { defineContract } from '../validation';
import type { RpcSpec } from './rpc';

// Request-reply patterns answered by apps/config.
export const CONFIG_RPC = {
  ping: {
    pattern: 'config.ping.v1',
    request: defineContract('ConfigPingRequest', Type.Object({ sent_at: Type.String() }, { additionalProperties: false })),
    response: defineContract(
      'ConfigPingResponse',
      Type.Object({ sent_at: Type.String(), answered_at: Type.String(), service: Type.Literal('config') }, { additionalProperties: false }),
    ),
  },
} as const satisfies Record<string, RpcSpec>;
