import type { TSchema } from '@sinclair/typebox';
import {
  ApiKey,
  ApiKeyCreateBody,
  ApiKeyCreated,
  AttemptView,
  DeliveryView,
  Endpoint,
  EndpointCreateBody,
  EndpointSecret,
  EndpointUpdateBody,
  EventType,
  EventTypeCreateBody,
  EventTypeUpdateBody,
  IncomingRequestView,
  MessageDetailView,
  Project,
  ProjectCreateBody,
  StatsView,
} from '@fastgen/contracts';
import { PublishEventBody } from '../events/dto/publish-event.dto';
import { Me } from '../me/dto/me.dto';
import { RetryAccepted } from '../messages/messages.service';

/**
 * Schemas that get a name in components/schemas (and so a type of their own in a generated SDK):
 * wherever one appears inline in the document, it is replaced by a $ref to its name.
 */
export const NAMED_SCHEMAS: Record<string, TSchema> = {
  Project,
  ProjectCreateBody,
  ApiKey,
  ApiKeyCreateBody,
  ApiKeyCreated,
  Endpoint,
  EndpointCreateBody,
  EndpointUpdateBody,
  EndpointSecret,
  EventType,
  EventTypeCreateBody,
  EventTypeUpdateBody,
  IncomingRequest: IncomingRequestView,
  Delivery: DeliveryView,
  Attempt: AttemptView,
  MessageDetail: MessageDetailView,
  DeliveryStats: StatsView,
  PublishEventBody: PublishEventBody.schema,
  RetryAccepted,
  Me,
};

/** Tags, in the order Swagger UI shows them. A route's tag must be one of these. */
export const TAGS: Record<string, string> = {
  events:
    'Send events: every endpoint subscribed to the event receives a signed webhook.',
  workflows:
    'Call a workflow route; its runner publishes the result event with the returned id.',
  endpoints:
    'Webhook endpoints: URLs that receive events, their signing secrets and test deliveries.',
  'event-types':
    'The event catalogue, with an optional JSON Schema that payloads must match.',
  logs: 'Requests received by the API and deliveries sent, filtered and paged.',
  messages: 'One message with its deliveries and attempts; manual retries.',
  me: 'The project and environment of the calling API key.',
  stream:
    'Live events and attempts over Server-Sent Events (the fastgen CLI and the dashboard live tail), and the CLI listen sessions\' forwards.',
  admin: 'Operators (ADMIN_TOKEN): projects, API keys and a system check.',
};
