import { topicName } from '../topics';
import { CONFIG_RPC } from './config-rpc';
import { LOG_RPC } from './log-rpc';
import { replyTopic, type RpcSpec } from './rpc';

export const ALL_RPC: readonly RpcSpec[] = [...Object.values(CONFIG_RPC), ...Object.values(LOG_RPC)];

/** Request and reply topics of every request-reply pattern, prefixed; created before use. */
export function rpcTopicNames(specs: readonly RpcSpec[] = ALL_RPC): string[] {
  return specs.flatMap((s) => [topicName(s.pattern), replyTopic(topicName(s.pattern))]);
}
