import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { ALL_RPC, TOPICS, TRACE_CONTEXT_HEADERS, replyTopic, type Contract, type RpcSpec, type TopicSpec } from '@fastgen/contracts';
import type { TSchema } from '@sinclair/typebox';

// Builds docs/asyncapi.yaml from libs/contracts: every topic of TOPICS and every request-reply
// pattern of ALL_RPC, each with its key and the JSON Schema its producers and consumers validate.
// A topic or contract added to libs/contracts shows up here without touching this file.

export const ROOT = path.resolve(__dirname, '../../../..');
export const ASYNCAPI_FILE = path.join(ROOT, 'docs', 'asyncapi.yaml');
const KAFKA_BINDING = '0.5.0';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** TypeBox schemas carry symbol keys (dropped by JSON) and `undefined` descriptions. */
function plainSchema(schema: TSchema): Json {
  return JSON.parse(JSON.stringify(schema)) as Json;
}

const channelId = (group: string, key: string) => `${group}-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const rpcId = (pattern: string) => `rpc-${pattern.replace(/\./g, '-')}`;

function retention(spec: TopicSpec): string {
  if (spec.cleanupPolicy === 'compact') return 'compacted: the latest value per key is kept; a null value (tombstone) deletes the key';
  const days = spec.retentionMs === undefined ? undefined : spec.retentionMs / 86_400_000;
  return days === undefined ? 'broker default retention' : `kept ${days} day${days === 1 ? '' : 's'}`;
}

// Optional headers of every topic's records: the W3C trace context.
const recordHeaders: Json = {
  type: 'object',
  description: 'Kafka record headers (all optional).',
  properties: JSON.parse(JSON.stringify(TRACE_CONTEXT_HEADERS)) as Json,
};

export function buildAsyncApi(): Record<string, Json> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const channels: Record<string, Json> = {};
  const operations: Record<string, Json> = {};
  const messages: Record<string, Json> = {};

  const addMessage = (contract: Contract<TSchema>, key: Json, payload: Json = plainSchema(contract.schema)): Json => {
    messages[contract.name] = {
      name: contract.name,
      title: contract.name,
      contentType: 'application/json',
      payload,
      bindings: { kafka: { key, bindingVersion: KAFKA_BINDING } },
    };
    return { $ref: `#/components/messages/${contract.name}` };
  };

  for (const [group, topics] of Object.entries(TOPICS) as [string, Record<string, TopicSpec>][]) {
    for (const [key, spec] of Object.entries(topics)) {
      const id = channelId(group, key);
      const message = addMessage(spec.contract, { type: 'string', description: spec.key });
      (messages[spec.contract.name] as Record<string, Json>)['headers'] = recordHeaders;
      const topicConfiguration: Record<string, Json> = { 'cleanup.policy': [spec.cleanupPolicy] };
      if (spec.retentionMs !== undefined) topicConfiguration['retention.ms'] = spec.retentionMs;
      channels[id] = {
        address: spec.name,
        title: spec.name,
        description: `${spec.description}\n\nKey: ${spec.key}. ${spec.partitions} partition${spec.partitions === 1 ? '' : 's'}; ${retention(spec)}.`,
        messages: { [spec.contract.name]: message },
        bindings: { kafka: { topic: spec.name, partitions: spec.partitions, topicConfiguration, bindingVersion: KAFKA_BINDING } },
        'x-owner': group,
        'x-producers': [...spec.producers],
        'x-consumers': [...spec.consumers],
      };
      const ref = { $ref: `#/channels/${id}` };
      const msgRef = { $ref: `#/channels/${id}/messages/${spec.contract.name}` };
      operations[`produce-${id}`] = {
        action: 'send',
        channel: ref,
        summary: `Produced by ${spec.producers.join(', ')}.`,
        description: 'Producers validate every record against the message schema before sending (idempotent producer, acks=all).',
        messages: [msgRef],
      };
      operations[`consume-${id}`] = {
        action: 'receive',
        channel: ref,
        summary: `Consumed by ${spec.consumers.join(', ')}.`,
        description: 'Consumers validate on receipt; a record that fails validation goes to events.dead-letter.v1 and never blocks the partition.',
        messages: [msgRef],
      };
    }
  }

  for (const spec of ALL_RPC as readonly RpcSpec[]) {
    const id = rpcId(spec.pattern);
    const requestPayload = {
      type: 'object',
      description: 'Request envelope: the caller stops waiting at expires_at; later requests are dropped.',
      required: ['expires_at', 'data'],
      properties: { expires_at: { type: 'integer', description: 'Unix time in milliseconds.' }, data: plainSchema(spec.request.schema) },
    };
    const replyPayload = {
      description: 'Either data or an error whose code the caller maps to HTTP.',
      oneOf: [
        { type: 'object', required: ['data'], properties: { data: plainSchema(spec.response.schema) } },
        {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string' },
                message: { type: 'string' },
                fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
              },
            },
          },
        },
      ],
    };
    const headers = {
      type: 'object',
      properties: {
        kafka_correlationId: { type: 'string', description: 'Matches a reply to its request.' },
        kafka_replyTopic: { type: 'string', description: `Where the reply goes: ${replyTopic(spec.pattern)}.` },
        kafka_replyPartition: { type: 'string', description: 'The reply-topic partition the caller listens on.' },
      },
    };
    const request = addMessage(spec.request, { type: 'string', description: 'none' }, requestPayload);
    const reply = addMessage(spec.response, { type: 'string', description: 'none' }, replyPayload);
    (messages[spec.request.name] as Record<string, Json>)['headers'] = headers;
    (messages[spec.response.name] as Record<string, Json>)['headers'] = { type: 'object', properties: { kafka_correlationId: headers.properties.kafka_correlationId } };
    channels[id] = {
      address: spec.pattern,
      title: spec.pattern,
      description: 'Request-reply (management and log queries only, never a hot path).',
      messages: { [spec.request.name]: request },
    };
    channels[`${id}-reply`] = {
      address: replyTopic(spec.pattern),
      title: replyTopic(spec.pattern),
      description: `Replies to ${spec.pattern}.`,
      messages: { [spec.response.name]: reply },
    };
    operations[`answer-${id}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${id}` },
      summary: `Request-reply ${spec.pattern}: the owning service answers on ${replyTopic(spec.pattern)}.`,
      messages: [{ $ref: `#/channels/${id}/messages/${spec.request.name}` }],
      reply: {
        channel: { $ref: `#/channels/${id}-reply` },
        messages: [{ $ref: `#/channels/${id}-reply/messages/${spec.response.name}` }],
      },
    };
  }

  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Fastgen Webhooks: Kafka contracts',
      version: pkg.version,
      description:
        'Topics, keys and message schemas shared by the services and internal teams. Generated from libs/contracts by ' +
        '`npm run asyncapi`; a test fails when this file and the contracts differ. Topic names are versioned and never change; ' +
        'a deployment may prefix every topic (KAFKA_TOPIC_PREFIX).',
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: { host: 'kafka:9092', protocol: 'kafka', description: 'Any Apache Kafka 3.x cluster; docker/compose.yaml runs one KRaft node.' },
    },
    channels,
    operations,
    components: { messages },
  };
}

const HEADER = '# Generated from libs/contracts by `npm run asyncapi`. Do not edit by hand.\n';

export function renderAsyncApi(): string {
  return HEADER + stringify(buildAsyncApi(), { lineWidth: 0, aliasDuplicateObjects: false });
}
