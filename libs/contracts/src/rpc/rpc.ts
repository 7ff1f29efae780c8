import type { TSchema } from '@sinclair/typebox';
import type { Contract } from '../validation';

// Request-reply (NestJS `send`) serves management and log queries only, never a hot path.
// Each pattern is a Kafka topic, with its replies on `<pattern>.reply`; both are created at startup.
export interface RpcSpec {
  readonly pattern: string;
  readonly request: Contract<TSchema>;
  readonly response: Contract<TSchema>;
}

/** Every reply carries either `data` or an `error` with a code the caller maps to HTTP. */
export interface RpcError {
  code: string;
  message: string;
  fields?: { field: string; message: string }[];
}
export type RpcReply<T> = { data: T; error?: undefined } | { data?: undefined; error: RpcError };

export function replyTopic(pattern: string): string {
  return `${pattern}.reply`;
}
