// Shapes of the public API (PRODUCT.md). Fields the contract does not fix are optional.

export type Environment = 'development' | 'production';
export const ENVIRONMENTS: readonly Environment[] = [
  'development',
  'production',
];

/** GET /v1/me: who the calling key belongs to. */
export interface Me {
  project: { id: string; name: string };
  environment: Environment;
  key: { id: string; prefix: string };
}

export interface List<T> {
  data: T[];
  next_cursor: string | null;
}

export interface Endpoint {
  id: string;
  url: string;
  description: string;
  event_types: string[];
  enabled: boolean;
  disabled_reason: string | null;
  headers: Record<string, string>;
  rate_limit: number | null;
  environment?: Environment;
  created_at: string;
  updated_at: string;
}

export interface EndpointInput {
  url: string;
  description: string;
  event_types: string[];
  headers: Record<string, string>;
  rate_limit: number | null;
  enabled?: boolean;
}

export interface Secret {
  secret: string;
  // Rotated-out secrets that still sign until expires_at.
  previous_secrets?: { secret: string; expires_at: string }[];
  previous_secret?: string | null;
  previous_secret_expires_at?: string | null;
}

export interface EventType {
  name: string;
  description?: string | null;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'retrying' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
  'pending',
  'succeeded',
  'retrying',
  'failed',
];

export interface Attempt {
  id?: string;
  attempt_number?: number;
  trigger?: 'scheduled' | 'manual';
  started_at?: string;
  url?: string;
  response_headers?: Record<string, string>;
  succeeded?: boolean;
  attempted_at?: string;
  created_at?: string;
  manual?: boolean;
  request_headers?: Record<string, string>;
  request_body?: string;
  response_status?: number | null;
  response_body?: string | null;
  duration_ms?: number | null;
  error?: string | null;
}

export interface Delivery {
  id: string;
  message_id: string;
  endpoint_id: string;
  event: string;
  status: DeliveryStatus;
  attempts: number | Attempt[];
  next_attempt_at: string | null;
  last_response_status: number | null;
  last_attempt_at?: string;
  created_at?: string;
  updated_at?: string;
  endpoint_url?: string;
}

export interface MessageDetail {
  id: string;
  event: string;
  payload: unknown;
  created_at?: string;
  deliveries: (Delivery & { attempts: Attempt[] })[];
}

export interface IncomingRequest {
  id: string;
  received_at?: string;
  created_at?: string;
  method: string;
  path: string;
  status: number;
  message_id: string | null;
  body_excerpt?: string | null;
  headers?: Record<string, string>;
  duration_ms?: number | null;
}

export interface Accepted {
  webhook_message_id: string;
}

export interface StatsBucket {
  start: string;
  counts: Record<DeliveryStatus, number>;
}
