import { METRICS } from './catalogue';
import { counter } from './metrics';

const events = counter(METRICS.gatewayEvents);

export type EventRequestOutcome = 'accepted' | 'rejected' | 'unauthorized' | 'rate_limited' | 'unavailable' | 'error';

export function eventRequestOutcome(status: number): EventRequestOutcome {
  if (status >= 200 && status < 300) return 'accepted';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'error';
  return 'rejected';
}

export const gatewayTelemetry = {
  /** A POST /v1/events was answered with `status`. */
  eventRequest(status: number): void {
    events().inc({ outcome: eventRequestOutcome(status) });
  },
};
