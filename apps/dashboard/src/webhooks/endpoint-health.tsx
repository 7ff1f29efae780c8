import type { EndpointHealth, EndpointHealthList } from '../api/live-types';
import { formatTime } from '../ui/common';

export function healthById(
  list: EndpointHealthList,
): Map<string, EndpointHealth> {
  return new Map(list.data.map((h) => [h.endpoint_id, h]));
}

/** An endpoint is failing when its latest attempt failed: what a developer must look at first. */
export const isFailing = (h: EndpointHealth | undefined): boolean =>
  h?.last_succeeded === false;

/** Success rate and last attempt over the last 24 hours; failing endpoints stand out. */
export function HealthCell({
  health,
  loading,
  failed,
}: {
  health: EndpointHealth | undefined;
  loading: boolean;
  failed: boolean;
}) {
  if (loading) return <span className="muted">…</span>;
  if (failed) return <span className="muted">unavailable</span>;
  if (!health || health.attempts === 0)
    return <span className="muted">No attempts</span>;
  const rate = Math.round((health.success_rate ?? 0) * 100);
  const last = health.last_response_status ?? health.last_error ?? 'error';
  return (
    <div className="health">
      {isFailing(health) ? (
        <span className="badge badge-failed">failing</span>
      ) : (
        <span className="badge badge-succeeded">healthy</span>
      )}{' '}
      <span
        aria-label={`Success rate ${rate} percent of ${health.attempts} attempts`}
      >
        {rate}% of {health.attempts}
      </span>
      {health.last_attempt_at && (
        <div className="small muted">
          Last: {last} at {formatTime(health.last_attempt_at)}
        </div>
      )}
    </div>
  );
}
