import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiClient } from './api/client';
import { ENVIRONMENTS, type Environment } from './api/types';
import { AppContext } from './app-context';
import { LogsPage } from './logs/logs-page';
import { Link, navigate, useLocation } from './router/router';
import { maskKey } from './session/environment';
import {
  loadSession,
  saveSession,
  withKey,
  withoutKey,
  type SessionState,
} from './session/session-store';
import { SignIn } from './session/sign-in';
import { WebhooksPage } from './webhooks/webhooks-page';

export function App({ fetchImpl }: { fetchImpl?: typeof fetch } = {}) {
  const [session, setSession] = useState<SessionState>(() => loadSession());
  const [adding, setAdding] = useState<Environment | null>(null);
  const [expired, setExpired] = useState(false);
  const sessionRef = useRef(session);
  sessionRef.current = session;

  useEffect(() => saveSession(session), [session]);

  const api = useMemo(
    () =>
      new ApiClient({
        fetchImpl,
        getKey: () => {
          const s = sessionRef.current;
          return s.active ? (s.keys[s.active]?.key ?? null) : null;
        },
        // A key revoked while signed in: forget it and ask again.
        onUnauthorized: () => {
          const s = sessionRef.current;
          if (s.active) setSession(withoutKey(s, s.active));
          setExpired(true);
        },
      }),
    [fetchImpl],
  );

  const { pathname } = useLocation();
  useEffect(() => {
    if (pathname === '/' || pathname === '')
      navigate('/webhooks', { replace: true });
  }, [pathname]);

  const active = session.active;
  const current = active ? session.keys[active] : undefined;

  if (!active || !current) {
    return (
      <main className="centered">
        {expired && (
          <p className="state state-error" role="alert">
            Your key was not accepted any more. Sign in again.
          </p>
        )}
        <SignIn
          api={api}
          onSignedIn={(s) => {
            setExpired(false);
            setSession(
              withKey(session, s.environment, {
                key: s.key,
                project: s.project,
              }),
            );
          }}
        />
      </main>
    );
  }

  const switchTo = (env: Environment) => {
    if (session.keys[env]) setSession({ ...session, active: env });
    else setAdding(env);
  };

  return (
    <AppContext.Provider value={{ api, environment: active }}>
      <header className={`topbar env-${active}`}>
        <div className="brand">Fastgen Webhooks</div>
        <nav aria-label="Main">
          <Link
            to="/webhooks"
            aria-current={pathname.startsWith('/webhooks') ? 'page' : undefined}
          >
            Webhooks
          </Link>
          <Link
            to="/logs"
            aria-current={pathname.startsWith('/logs') ? 'page' : undefined}
          >
            Logs
          </Link>
        </nav>
        <div className="session">
          {/* The project named by GET /v1/me at sign-in; a session without one shows the masked key. */}
          <span className="project">
            <span className="muted">{current.project ? 'Project' : 'Key'}</span>{' '}
            <strong data-testid="project">
              {current.project ?? maskKey(current.key)}
            </strong>
          </span>
          <label className="env-switch">
            <span className="muted">Environment</span>
            <select
              aria-label="Environment"
              value={active}
              onChange={(e) => switchTo(e.target.value as Environment)}
            >
              {ENVIRONMENTS.map((env) => (
                <option key={env} value={env}>
                  {env}
                  {session.keys[env] ? '' : ' (add key)'}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="btn btn-small"
            onClick={() => setSession(withoutKey(session, active))}
          >
            Sign out of {active}
          </button>
        </div>
      </header>
      {active === 'production' && (
        <div className="prod-banner" role="note">
          You are working on production: changes affect live deliveries.
        </div>
      )}
      <main
        className="page"
        key={
          active /* a new environment starts from fresh state: no data of the other one */
        }
      >
        {adding ? (
          <div className="centered">
            <SignIn
              api={api}
              expected={adding}
              onCancel={() => setAdding(null)}
              onSignedIn={(s) => {
                setAdding(null);
                setSession(
                  withKey(session, s.environment, {
                    key: s.key,
                    project: s.project,
                  }),
                );
              }}
            />
          </div>
        ) : pathname.startsWith('/logs') ? (
          <LogsPage />
        ) : pathname.startsWith('/webhooks') || pathname === '/' ? (
          <WebhooksPage />
        ) : (
          <div className="card">
            <h1>Page not found</h1>
            <p>
              <Link to="/webhooks">Go to your webhooks</Link>
            </p>
          </div>
        )}
      </main>
    </AppContext.Provider>
  );
}
