// Shapes of the public API: the SDK's types, generated from docs/openapi.json (never copied here).
import type {
  Delivery as SdkDelivery,
  DeliveryStatus,
  EndpointCreateBody,
  Environment,
  MessageDetail as SdkMessageDetail,
} from '@fastgen/sdk';

export type {
  AcceptedMessage as Accepted,
  Attempt,
  DeliveryStats,
  DeliveryStatus,
  Endpoint,
  EndpointSecret as Secret,
  Environment,
  EventType,
  IncomingRequest,
  Me,
  Page as List,
} from '@fastgen/sdk';
export type Delivery = SdkDelivery;
export type MessageDetail = SdkMessageDetail;

/** What the endpoint form sends on create (and, field by field, on update). */
export type EndpointInput = EndpointCreateBody;

/** One bucket of the delivery chart (the dashboard's own shape, built from DeliveryStats). */
export interface StatsBucket {
  start: string;
  counts: Record<DeliveryStatus, number>;
}

export const ENVIRONMENTS: readonly Environment[] = ['development', 'production'];
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'pending',
  'succeeded',
  'retrying',
  'failed',
];
