import { useEffect, useId, useRef, useState } from 'react';
import type { ApiError } from '../api/client';
import type { Endpoint, MessageDetail, Secret } from '../api/types';
import { useApp } from '../app-context';
import { Link } from '../router/router';
import {
  CopyButton,
  ErrorNotice,
  StatusBadge,
  formatTime,
  toApiError,
} from '../ui/common';
import { nodeSnippet, standardSnippet } from './snippets';

type TestResult =
  | { state: 'sending' }
  | { state: 'waiting'; messageId: string }
  | {
      state: 'done';
      messageId: string;
      status: string;
      responseStatus: number | null;
      error: string | null;
    }
  | { state: 'timeout'; messageId: string }
  | { state: 'error'; error: ApiError };

const TEST_WAIT_MS = 30_000;

/** Rotated-out secrets still signing: `previous_secrets` or the single `previous_secret` form. */
export function previousSecrets(
  s: Secret | null,
): { secret: string; expires_at: string }[] {
  if (!s) return [];
  return s.previous_secrets;
}

/** Secret, rotation, test event and receiver snippets of one endpoint. */
export function EndpointPanel({
  endpoint,
  onClose,
}: {
  endpoint: Endpoint;
  onClose: () => void;
}) {
  const { api } = useApp();
  const id = useId();
  const [secret, setSecret] = useState<Secret | null>(null);
  const [shown, setShown] = useState(false);
  const [secretError, setSecretError] = useState<ApiError | null>(null);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [test, setTest] = useState<TestResult | null>(null);
  const [fillSecret, setFillSecret] = useState(false);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
    };
  }, []);

  const loadSecret = async (): Promise<Secret | null> => {
    if (secret) return secret;
    try {
      const s = await api.getSecret(endpoint.id);
      setSecret(s);
      setSecretError(null);
      return s;
    } catch (e) {
      setSecretError(toApiError(e));
      return null;
    }
  };

  const rotate = async () => {
    setRotating(true);
    try {
      const s = await api.rotateSecret(endpoint.id);
      setSecret(s);
      setShown(true);
      setSecretError(null);
    } catch (e) {
      setSecretError(toApiError(e));
    } finally {
      setRotating(false);
      setConfirmRotate(false);
    }
  };

  const sendTest = async () => {
    setTest({ state: 'sending' });
    try {
      const { webhook_message_id: messageId } = await api.sendTest(endpoint.id);
      setTest({ state: 'waiting', messageId });
      // Follow the delivery until it settles; the dispatcher works asynchronously.
      const deadline = Date.now() + TEST_WAIT_MS;
      while (live.current && Date.now() < deadline) {
        let msg: MessageDetail | null = null;
        try {
          msg = await api.getMessage(messageId);
        } catch (e) {
          if (toApiError(e).status !== 404) throw e; // not logged yet
        }
        const d = msg?.deliveries.find((x) => x.endpoint_id === endpoint.id);
        if (d && d.status !== 'pending') {
          const last = Array.isArray(d.attempts)
            ? d.attempts[d.attempts.length - 1]
            : undefined;
          setTest({
            state: 'done',
            messageId,
            status: d.status,
            responseStatus:
              d.last_response_status ?? last?.response_status ?? null,
            error: last?.error ?? null,
          });
          return;
        }
        await new Promise((r) => setTimeout(r, 1000));
      }
      if (live.current) setTest({ state: 'timeout', messageId });
    } catch (e) {
      if (live.current) setTest({ state: 'error', error: toApiError(e) });
    }
  };

  const toggleFill = async (on: boolean) => {
    if (on && !(await loadSecret())) return;
    setFillSecret(on);
  };

  const value = secret?.secret ?? '';
  return (
    <section className="card panel" aria-labelledby={`${id}-title`}>
      <div className="panel-head">
        <h2 id={`${id}-title`}>
          <span className="muted">Endpoint</span> {endpoint.url}
        </h2>
        <button
          type="button"
          className="btn btn-ghost"
          aria-label="Close endpoint details"
          onClick={onClose}
        >
          ×
        </button>
      </div>

      <h3>Signing secret</h3>
      {secretError && <ErrorNotice error={secretError} />}
      <div className="secret-row">
        <code
          className="secret"
          data-testid="secret"
          aria-label="Signing secret"
        >
          {shown && value ? value : 'whsec_' + '•'.repeat(24)}
        </code>
        <button
          type="button"
          className="btn btn-small"
          aria-pressed={shown}
          onClick={() =>
            void (shown
              ? setShown(false)
              : loadSecret().then((s) => s && setShown(true)))
          }
        >
          {shown ? 'Hide secret' : 'Reveal secret'}
        </button>
        {shown && value && <CopyButton text={value} label="Copy secret" />}
        <button
          type="button"
          className="btn btn-small"
          onClick={() => setConfirmRotate(true)}
          disabled={rotating}
        >
          Rotate secret
        </button>
      </div>
      {confirmRotate && (
        <div
          className="confirm"
          role="alertdialog"
          aria-labelledby={`${id}-rotate`}
        >
          <p id={`${id}-rotate`}>
            Rotate the secret? A new one signs from now on; the current one
            keeps signing for a while so receivers can switch.
          </p>
          <button
            type="button"
            className="btn btn-danger btn-small"
            onClick={() => void rotate()}
            disabled={rotating}
          >
            {rotating ? 'Rotating…' : 'Yes, rotate'}
          </button>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setConfirmRotate(false)}
          >
            Cancel
          </button>
        </div>
      )}
      {previousSecrets(secret).map((p) => (
        <p className="note" data-testid="previous-secret" key={p.secret}>
          The previous secret
          {shown ? (
            <>
              {' '}
              (<code>{p.secret}</code>)
            </>
          ) : null}{' '}
          still signs until <strong>{formatTime(p.expires_at)}</strong>.
        </p>
      ))}

      <h3>Send a test event</h3>
      <p className="muted">
        Sends a <code>webhook.test</code> event to this endpoint only.
      </p>
      <button
        type="button"
        className="btn"
        onClick={() => void sendTest()}
        disabled={test?.state === 'sending' || test?.state === 'waiting'}
      >
        Send test event
      </button>
      <div aria-live="polite" className="test-result" data-testid="test-result">
        {test?.state === 'sending' && <p>Sending…</p>}
        {test?.state === 'waiting' && (
          <p>Accepted as {test.messageId}; waiting for the delivery…</p>
        )}
        {test?.state === 'done' && (
          <p>
            <StatusBadge status={test.status} />{' '}
            {test.responseStatus !== null ? `HTTP ${test.responseStatus}` : ''}{' '}
            {test.error ?? ''}{' '}
            <Link
              to={`/logs?message_id=${test.messageId}&message=${test.messageId}`}
            >
              See it in the logs
            </Link>
          </p>
        )}
        {test?.state === 'timeout' && (
          <p>
            Still pending after {TEST_WAIT_MS / 1000} s.{' '}
            <Link
              to={`/logs?message_id=${test.messageId}&message=${test.messageId}`}
            >
              Follow it in the logs
            </Link>
          </p>
        )}
        {test?.state === 'error' && <ErrorNotice error={test.error} />}
      </div>

      <h3>Verify the signature in your receiver</h3>
      <label className="check">
        <input
          type="checkbox"
          checked={fillSecret}
          onChange={(e) => void toggleFill(e.target.checked)}
        />
        Fill in my secret
      </label>
      <Snippet
        title="Node.js: X-Fastgen-Signature"
        code={nodeSnippet(fillSecret ? value : undefined)}
      />
      <Snippet
        title="Standard Webhooks (webhook-signature)"
        code={standardSnippet(fillSecret ? value : undefined)}
      />
    </section>
  );
}

function Snippet({ title, code }: { title: string; code: string }) {
  return (
    <figure className="snippet">
      <figcaption>
        {title} <CopyButton text={code} label={`Copy ${title} snippet`} />
      </figcaption>
      <pre tabIndex={0} aria-label={`${title} code`}>
        <code>{code}</code>
      </pre>
    </figure>
  );
}
