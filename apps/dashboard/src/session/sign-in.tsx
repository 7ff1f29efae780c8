import { useId, useState, type FormEvent } from 'react';
import { ApiClient } from '../api/client';
import { ENVIRONMENTS, type Environment } from '../api/types';
import { toApiError } from '../ui/common';
import { identify } from './environment';

export interface SignedIn {
  key: string;
  environment: Environment;
  project: string | null;
}

/**
 * Checks a key against the API before keeping it. `expected` is set when adding the key of a
 * second environment: a key of the other environment is refused so the switch never mixes data.
 */
export function SignIn({
  api,
  expected,
  onSignedIn,
  onCancel,
}: {
  api: ApiClient;
  expected?: Environment;
  onSignedIn: (s: SignedIn) => void;
  onCancel?: () => void;
}) {
  const id = useId();
  const [key, setKey] = useState('');
  const [chosen, setChosen] = useState<Environment | ''>(expected ?? '');
  const [askEnv, setAskEnv] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const trimmed = key.trim();
    if (!trimmed) {
      setError('Enter an API key.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const who = identify(trimmed, await api.me(trimmed));
      const environment = who.environment ?? (chosen || null);
      if (!environment) {
        setAskEnv(true);
        setError('Choose which environment this key belongs to.');
        return;
      }
      if (expected && who.environment && who.environment !== expected) {
        setError(`This is a ${who.environment} key; enter a ${expected} key.`);
        return;
      }
      onSignedIn({ key: trimmed, environment, project: who.project });
    } catch (e) {
      const err = toApiError(e);
      setError(
        err.status === 401
          ? 'This API key was not accepted. Check it and try again.'
          : err.message,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="card sign-in"
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby={`${id}-title`}
    >
      <h1 id={`${id}-title`}>
        {expected ? `Add a ${expected} key` : 'Sign in to Fastgen Webhooks'}
      </h1>
      <p className="muted">
        Use an API key of your project. It is kept in this browser tab only and
        forgotten when the tab closes.
      </p>
      <div className="field">
        <label htmlFor={`${id}-key`}>API key</label>
        <input
          id={`${id}-key`}
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={key}
          onChange={(e) => setKey(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          autoFocus
        />
      </div>
      {(askEnv || expected) && (
        <div className="field">
          <label htmlFor={`${id}-env`}>Environment</label>
          <select
            id={`${id}-env`}
            value={chosen}
            disabled={!!expected}
            onChange={(e) => setChosen(e.target.value as Environment | '')}
          >
            <option value="">Choose…</option>
            {ENVIRONMENTS.map((env) => (
              <option key={env} value={env}>
                {env}
              </option>
            ))}
          </select>
        </div>
      )}
      {error && (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {onCancel && (
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
