// The contract between services and with internal teams: topic names, keys, message schemas,
// request-reply patterns. Plain TypeScript (TypeBox + Ajv); no framework code.
export * from './validation';
export * from './json/json-limits';
export * from './common';
export * from './topics';
export * from './record-headers';
export * from './messages/message';
export * from './messages/config-state';
export * from './messages/gateway';
export * from './messages/dispatcher';
export * from './api/config-api';
export * from './rpc/rpc';
export * from './rpc/config-rpc';
export * from './rpc/log-rpc';
export * from './rpc/all-rpc';
export * from './stream/stream';
