import { useId, useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import type { Endpoint, EndpointInput, EventType } from '../api/types';
import { toApiError } from '../ui/common';

interface HeaderRow {
  name: string;
  value: string;
}

export type FieldErrors = Partial<
  Record<
    'url' | 'description' | 'event_types' | 'headers' | 'rate_limit',
    string
  >
>;

const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Checks made before sending, for instant feedback; the API checks again and its `fields` are shown the same way. */
export function validateEndpoint(
  url: string,
  rateLimit: string,
  headers: HeaderRow[],
): FieldErrors {
  const errors: FieldErrors = {};
  try {
    const u = new URL(url.trim());
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      errors.url = 'The URL must start with http:// or https://.';
  } catch {
    errors.url = url.trim()
      ? 'Enter an absolute URL, like https://example.com/webhooks.'
      : 'Enter the URL that receives the webhooks.';
  }
  if (
    rateLimit.trim() &&
    !(Number.isInteger(Number(rateLimit)) && Number(rateLimit) > 0)
  ) {
    errors.rate_limit =
      'The rate limit is a whole number of deliveries per second, 1 or more (empty: no limit).';
  }
  const seen = new Set<string>();
  for (const h of headers) {
    if (!h.name.trim() && !h.value.trim()) continue;
    if (!HEADER_NAME.test(h.name.trim())) {
      errors.headers = `"${h.name}" is not a valid header name.`;
      break;
    }
    const lower = h.name.trim().toLowerCase();
    if (seen.has(lower)) {
      errors.headers = `The header ${h.name} is listed twice.`;
      break;
    }
    seen.add(lower);
  }
  return errors;
}

export function EndpointForm({
  endpoint,
  eventTypes,
  onSubmit,
  onCancel,
}: {
  endpoint?: Endpoint;
  eventTypes: EventType[];
  onSubmit: (input: EndpointInput) => Promise<void>;
  onCancel: () => void;
}) {
  const id = useId();
  const [url, setUrl] = useState(endpoint?.url ?? '');
  const [description, setDescription] = useState(endpoint?.description ?? '');
  const [events, setEvents] = useState<string[]>(endpoint?.event_types ?? []);
  const [headers, setHeaders] = useState<HeaderRow[]>(
    Object.entries(endpoint?.headers ?? {}).map(([name, value]) => ({
      name,
      value,
    })),
  );
  const [rateLimit, setRateLimit] = useState(
    endpoint?.rate_limit ? String(endpoint.rate_limit) : '',
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Event names already subscribed but missing from the catalogue stay selectable.
  const catalogue = [
    ...new Set([...eventTypes.map((e) => e.name), ...events]),
  ].sort();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = validateEndpoint(url, rateLimit, headers);
    setErrors(local);
    setFormError(null);
    if (Object.keys(local).length > 0) return;
    setBusy(true);
    try {
      await onSubmit({
        url: url.trim(),
        description: description.trim(),
        event_types: events,
        headers: Object.fromEntries(
          headers
            .filter((h) => h.name.trim())
            .map((h) => [h.name.trim(), h.value]),
        ),
        rate_limit: rateLimit.trim() ? Number(rateLimit) : null,
      });
    } catch (err) {
      const apiErr = toApiError(err);
      const fields = apiErr instanceof ApiError ? apiErr.fieldMessages() : {};
      const known: FieldErrors = {};
      const other: string[] = [];
      for (const [k, msg] of Object.entries(fields)) {
        if (
          k === 'url' ||
          k === 'description' ||
          k === 'event_types' ||
          k === 'headers' ||
          k === 'rate_limit'
        )
          known[k] = msg;
        else other.push(`${k}: ${msg}`);
      }
      setErrors(known);
      setFormError(
        Object.keys(known).length && !other.length
          ? 'Fix the fields marked below.'
          : [apiErr.message, ...other].join(' '),
      );
    } finally {
      setBusy(false);
    }
  };

  const described = (field: keyof FieldErrors, hint?: string) => ({
    'aria-invalid': errors[field] ? true : undefined,
    'aria-describedby':
      [
        errors[field] ? `${id}-${field}-error` : '',
        hint ? `${id}-${field}-hint` : '',
      ]
        .filter(Boolean)
        .join(' ') || undefined,
  });
  const fieldError = (field: keyof FieldErrors) =>
    errors[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors[field]}
      </p>
    ) : null;

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="form">
      {formError && (
        <p className="state state-error" role="alert">
          {formError}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-url`}>Endpoint URL</label>
        <input
          id={`${id}-url`}
          type="url"
          inputMode="url"
          placeholder="https://example.com/webhooks"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          {...described('url')}
        />
        {fieldError('url')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <input
          id={`${id}-description`}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          {...described('description')}
        />
        {fieldError('description')}
      </div>
      <fieldset className="field" aria-describedby={`${id}-event_types-hint`}>
        <legend>Events to receive</legend>
        <p id={`${id}-event_types-hint`} className="hint">
          None selected: this endpoint receives every event.
        </p>
        {catalogue.length === 0 ? (
          <p className="muted">
            The event catalogue is empty; this endpoint will receive every
            event.
          </p>
        ) : (
          <div className="checks">
            {catalogue.map((name) => (
              <label key={name} className="check">
                <input
                  type="checkbox"
                  checked={events.includes(name)}
                  onChange={(e) =>
                    setEvents(
                      e.target.checked
                        ? [...events, name]
                        : events.filter((x) => x !== name),
                    )
                  }
                />
                <code>{name}</code>
              </label>
            ))}
          </div>
        )}
        {fieldError('event_types')}
      </fieldset>
      <fieldset className="field">
        <legend>Custom headers</legend>
        {headers.map((h, i) => (
          <div className="header-row" key={i}>
            <input
              aria-label={`Header ${i + 1} name`}
              placeholder="X-Header-Name"
              value={h.name}
              onChange={(e) =>
                setHeaders(
                  headers.map((x, j) =>
                    j === i ? { ...x, name: e.target.value } : x,
                  ),
                )
              }
              {...described('headers')}
            />
            <input
              aria-label={`Header ${i + 1} value`}
              placeholder="value"
              value={h.value}
              onChange={(e) =>
                setHeaders(
                  headers.map((x, j) =>
                    j === i ? { ...x, value: e.target.value } : x,
                  ),
                )
              }
            />
            <button
              type="button"
              className="btn btn-small"
              aria-label={`Remove header ${i + 1}`}
              onClick={() => setHeaders(headers.filter((_, j) => j !== i))}
            >
              Remove
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setHeaders([...headers, { name: '', value: '' }])}
        >
          Add header
        </button>
        {fieldError('headers')}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-rate_limit`}>
          Rate limit (deliveries per second)
        </label>
        <input
          id={`${id}-rate_limit`}
          inputMode="numeric"
          placeholder="No limit"
          value={rateLimit}
          onChange={(e) => setRateLimit(e.target.value)}
          {...described('rate_limit')}
        />
        {fieldError('rate_limit')}
      </div>
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Saving…' : endpoint ? 'Save changes' : 'Create endpoint'}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
