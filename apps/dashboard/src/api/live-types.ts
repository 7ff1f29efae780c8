// Types of the live stream and endpoint health routes (GET /v1/stream, GET /v1/endpoints/health),
// kept apart from types.ts so the switch to SDK-generated types can take them over in one move.

/** `event: attempt` of GET /v1/stream?kinds=attempt. */
export interface StreamAttempt {
  id: string;
  delivery_id: string;
  message_id: string;
  endpoint_id: string;
  event: string;
  attempt_number: number;
  started_at: string;
  duration_ms: number;
  url: string;
  response_status: number | null;
  error: string | null;
  succeeded: boolean;
  delivery_status: 'pending' | 'succeeded' | 'retrying' | 'failed';
  next_attempt_at: string | null;
}

export interface EndpointHealth {
  endpoint_id: string;
  attempts: number;
  succeeded: number;
  success_rate: number | null;
  last_attempt_at: string | null;
  last_response_status: number | null;
  last_succeeded: boolean | null;
  last_error: string | null;
}

export interface EndpointHealthList {
  since: string;
  data: EndpointHealth[];
}

/** The pseudo-endpoint `fastgen listen` forwards are logged under (libs/contracts CLI_LISTEN_ENDPOINT_ID). */
export const CLI_LISTEN_ENDPOINT_ID = '00000000-0000-4000-8000-0000000c11e0';
