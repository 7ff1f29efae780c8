import { createContext, useContext } from 'react';
import type { ApiClient } from './api/client';
import type { Environment } from './api/types';

export interface AppContextValue {
  api: ApiClient;
  environment: Environment;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('useApp outside of a signed-in session');
  return v;
}
