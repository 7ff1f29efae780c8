import { CLI_LISTEN_ENDPOINT_ID } from '../api/live-types';
import { Link } from '../router/router';

/** The cells of a delivery row shared by the delivery list and the live tail. */
export function MessageLink({
  id,
  onOpen,
}: {
  id: string;
  onOpen: (messageId: string) => void;
}) {
  return (
    <button
      type="button"
      className="link mono"
      onClick={() => onOpen(id)}
      aria-label={`Open message ${id}`}
    >
      {id.slice(0, 8)}…
    </button>
  );
}

/** Endpoint id → URL, for the endpoints of the environment that are loaded. */
export type EndpointNames = ReadonlyMap<string, string>;

/** The endpoint of a delivery: its URL linking to it on the Webhooks page. */
export function EndpointLabel({
  id,
  endpoints,
  url,
}: {
  id: string;
  endpoints: EndpointNames;
  /** The URL the attempt went to, when known (live rows). */
  url?: string;
}) {
  if (id === CLI_LISTEN_ENDPOINT_ID) {
    return (
      <span className="endpoint-label" title={url}>
        CLI listen session
        {url ? <span className="muted small"> → {url}</span> : null}
      </span>
    );
  }
  const known = endpoints.get(id);
  if (!known) {
    return (
      <span className="endpoint-label muted" title={id}>
        {url ?? `${id.slice(0, 8)}… (deleted)`}
      </span>
    );
  }
  return (
    <Link
      to={`/webhooks?endpoint=${encodeURIComponent(id)}`}
      className="endpoint-label"
    >
      {known}
    </Link>
  );
}
