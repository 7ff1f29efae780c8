import type { TSchema } from '@sinclair/typebox';
import type { Contract } from './validation';
import { DeadLetter, WebhookMessage } from './messages/message';
import { ApiKeyState, EndpointState, EventTypeState, ProjectBacklog, ProjectState } from './messages/config-state';
import { IncomingRequest, WorkflowRequest } from './messages/gateway';
import { AttemptOutcome, EndpointDisableRequest, ManualDelivery } from './messages/dispatcher';

export interface TopicSpec {
  /** Versioned and never renamed: a breaking change of the value is a new topic. */
  readonly name: string;
  readonly description: string;
  readonly key: string;
  readonly contract: Contract<TSchema>;
  readonly partitions: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  /** Retention for `delete` topics; compacted topics keep the latest value per key forever. */
  readonly retentionMs?: number;
  /** Who writes it and who reads it; the AsyncAPI document is generated from this. */
  readonly producers: readonly string[];
  readonly consumers: readonly string[];
}

const DAY = 24 * 60 * 60 * 1000;

// Every topic of the system, grouped by the service that owns it.
export const TOPICS = {
  events: {
    messages: {
      name: 'events.messages.v1',
      description: 'Messages to deliver. Internal teams and workflow runners may publish here; invalid records are dead-lettered.',
      key: 'webhook_message_id',
      contract: WebhookMessage,
      partitions: 6,
      cleanupPolicy: 'delete',
      retentionMs: 7 * DAY,
      producers: ['gateway', 'workflow runners', 'internal teams'],
      consumers: ['dispatcher', 'log', 'gateway (live stream)'],
    },
    deadLetter: {
      name: 'events.dead-letter.v1',
      description: 'Records any consumer rejected as invalid, with the reasons, so they never block a partition.',
      key: 'the original key',
      contract: DeadLetter,
      partitions: 1,
      cleanupPolicy: 'delete',
      retentionMs: 30 * DAY,
      producers: ['every consumer'],
      consumers: ['operators'],
    },
  },
  gateway: {
    incomingRequests: {
      name: 'gateway.incoming-requests.v1',
      description: 'Every request the public API received, for the incoming log.',
      key: 'project_id (or "anonymous")',
      contract: IncomingRequest,
      partitions: 3,
      cleanupPolicy: 'delete',
      retentionMs: 7 * DAY,
      producers: ['gateway'],
      consumers: ['log'],
    },
    workflowRequests: {
      name: 'gateway.workflow-requests.v1',
      description: 'Calls of POST /v1/workflows/{route}; a runner publishes its result to events.messages.v1 with the same id.',
      key: 'webhook_message_id',
      contract: WorkflowRequest,
      partitions: 3,
      cleanupPolicy: 'delete',
      retentionMs: 7 * DAY,
      producers: ['gateway'],
      consumers: ['workflow runners'],
    },
  },
  config: {
    endpoints: {
      name: 'config.endpoints.v1',
      description: 'Latest state of every endpoint (secrets sealed with the master key); null value = deleted.',
      key: 'endpoint id',
      contract: EndpointState,
      partitions: 3,
      cleanupPolicy: 'compact',
      producers: ['config'],
      consumers: ['dispatcher', 'gateway'],
    },
    apiKeys: {
      name: 'config.api-keys.v1',
      description: 'Latest state of every API key (hash only); null value = deleted.',
      key: 'api key id',
      contract: ApiKeyState,
      partitions: 3,
      cleanupPolicy: 'compact',
      producers: ['config'],
      consumers: ['gateway'],
    },
    projects: {
      name: 'config.projects.v1',
      description: 'Latest state of every project with its admission limits; null value = deleted.',
      key: 'project id',
      contract: ProjectState,
      partitions: 3,
      cleanupPolicy: 'compact',
      producers: ['config'],
      consumers: ['gateway'],
    },
    eventTypes: {
      name: 'config.event-types.v1',
      description: 'Latest state of every event type with its payload schema; null value = deleted.',
      key: 'event type id',
      contract: EventTypeState,
      partitions: 3,
      cleanupPolicy: 'compact',
      producers: ['config'],
      consumers: ['gateway'],
    },
  },
  dispatcher: {
    attempts: {
      name: 'dispatcher.attempts.v1',
      description: 'The outcome of every delivery attempt and the state of its delivery after it.',
      key: 'webhook_message_id',
      contract: AttemptOutcome,
      partitions: 6,
      cleanupPolicy: 'delete',
      retentionMs: 7 * DAY,
      producers: ['dispatcher', 'gateway (forwards of fastgen listen, endpoint 00000000-0000-4000-8000-0000000c11e0)'],
      consumers: ['log', 'gateway (live stream)', 'internal teams'],
    },
    manualDeliveries: {
      name: 'dispatcher.manual-deliveries.v1',
      description: 'Deliver-again-now requests from the API (message and delivery retries).',
      key: 'webhook_message_id',
      contract: ManualDelivery,
      partitions: 3,
      cleanupPolicy: 'delete',
      retentionMs: 7 * DAY,
      producers: ['gateway'],
      consumers: ['dispatcher'],
    },
    projectBacklogs: {
      name: 'dispatcher.project-backlogs.v1',
      description: 'How many deliveries wait per project environment, refreshed every few seconds while it changes; the gateway refuses new events over the backlog quota.',
      key: 'project_id/environment',
      contract: ProjectBacklog,
      partitions: 1,
      cleanupPolicy: 'compact',
      producers: ['dispatcher'],
      consumers: ['gateway'],
    },
    endpointDisableRequests: {
      name: 'dispatcher.endpoint-disable-requests.v1',
      description: 'The dispatcher asks config to disable an endpoint (410 Gone, or failing without success for too long).',
      key: 'endpoint id',
      contract: EndpointDisableRequest,
      partitions: 1,
      cleanupPolicy: 'delete',
      retentionMs: 7 * DAY,
      producers: ['dispatcher'],
      consumers: ['config'],
    },
  },
} as const satisfies Record<string, Record<string, TopicSpec>>;

export const ALL_TOPICS: readonly TopicSpec[] = Object.values(TOPICS).flatMap((group) => Object.values(group));

// A prefix namespaces every topic of one deployment or test run (e.g. `t1a2b.`); empty by default.
// Read once: decorators such as @EventPattern(topicName(...)) are evaluated at import time.
const TOPIC_PREFIX = process.env['KAFKA_TOPIC_PREFIX'] ?? '';

/** The full topic name to produce to or subscribe to. */
export function topicName(spec: Pick<TopicSpec, 'name'> | string): string {
  return TOPIC_PREFIX + (typeof spec === 'string' ? spec : spec.name);
}
