import type { Environment } from '../api/types';

// Keys live in sessionStorage only: gone when the tab closes, never in localStorage or cookies.
const STORAGE_KEY = 'fastgen.session.v1';

export interface EnvSession {
  key: string;
  project: string | null;
}

export interface SessionState {
  active: Environment | null;
  keys: Partial<Record<Environment, EnvSession>>;
}

const EMPTY: SessionState = { active: null, keys: {} };

export function loadSession(storage: Storage = sessionStorage): SessionState {
  try {
    const raw = storage.getItem(STORAGE_KEY);
    if (!raw) return EMPTY;
    const parsed = JSON.parse(raw) as SessionState;
    if (
      !parsed ||
      typeof parsed !== 'object' ||
      typeof parsed.keys !== 'object'
    )
      return EMPTY;
    return parsed;
  } catch {
    return EMPTY;
  }
}

export function saveSession(
  state: SessionState,
  storage: Storage = sessionStorage,
): void {
  if (!state.active && Object.keys(state.keys).length === 0)
    storage.removeItem(STORAGE_KEY);
  else storage.setItem(STORAGE_KEY, JSON.stringify(state));
}

export function withKey(
  state: SessionState,
  env: Environment,
  s: EnvSession,
): SessionState {
  return { active: env, keys: { ...state.keys, [env]: s } };
}

export function withoutKey(
  state: SessionState,
  env: Environment,
): SessionState {
  const keys = { ...state.keys };
  delete keys[env];
  const remaining = Object.keys(keys) as Environment[];
  return {
    active: state.active === env ? (remaining[0] ?? null) : state.active,
    keys,
  };
}
