import {
  cleanup,
  fireEvent,
  render,
  screen,
  within,
} from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../app';
import { fakeApi } from '../test/fake-api';

const DEV = 'fg_dev_1111111111111111';
const PROD = 'fg_prod_2222222222222222';

const endpoint = (id: string, url: string) => ({
  id,
  url,
  description: '',
  event_types: [],
  enabled: true,
  disabled_reason: null,
  headers: {},
  rate_limit: null,
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

const OPAQUE = 'opaque-production-key';

function api() {
  const data: Record<string, ReturnType<typeof endpoint>[]> = {
    [DEV]: [endpoint('e-dev', 'https://dev.example.com/hook')],
    [PROD]: [endpoint('e-prod', 'https://prod.example.com/hook')],
    [OPAQUE]: [endpoint('e-opaque', 'https://opaque.example.com/hook')],
  };
  // What GET /v1/me says about each key: the environment is the API's, whatever the key looks like.
  const owners: Record<string, 'development' | 'production'> = {
    [DEV]: 'development',
    [PROD]: 'production',
    [OPAQUE]: 'production',
  };
  const unauthorized = {
    status: 401,
    body: { error: { code: 'unauthorized', message: 'Invalid API key' } },
  };
  return fakeApi({
    'GET /v1/me': ({ key }) =>
      key && owners[key]
        ? {
            status: 200,
            body: {
              project: { id: 'p-1', name: 'Acme CV scoring' },
              environment: owners[key],
              key: { id: 'k-1', prefix: key.slice(0, 11) },
            },
          }
        : unauthorized,
    'GET /v1/endpoints': ({ key }) =>
      key && data[key]
        ? { status: 200, body: { data: data[key], next_cursor: null } }
        : unauthorized,
    'GET /v1/event-types': () => ({
      status: 200,
      body: { data: [], next_cursor: null },
    }),
  });
}

function signIn(key: string) {
  fireEvent.change(screen.getByLabelText('API key'), {
    target: { value: key },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in', () => {
  beforeEach(() => {
    sessionStorage.clear();
    window.history.replaceState(null, '', '/webhooks');
  });
  afterEach(cleanup);

  it('refuses a key the API does not accept and keeps nothing', async () => {
    render(<App fetchImpl={api().fetchImpl} />);
    signIn('fg_dev_wrong');
    expect(await screen.findByRole('alert')).toHaveProperty(
      'textContent',
      'This API key was not accepted. Check it and try again.',
    );
    expect(sessionStorage.length).toBe(0);
  });

  it('asks for a key, shows the environment and the endpoints, and keeps the key in sessionStorage only', async () => {
    const { fetchImpl } = api();
    render(<App fetchImpl={fetchImpl} />);
    expect(
      screen.getByRole('heading', { name: 'Sign in to Fastgen Webhooks' }),
    ).toBeTruthy();
    signIn(DEV);
    expect(
      await screen.findByText('https://dev.example.com/hook'),
    ).toBeTruthy();
    expect(
      (screen.getByLabelText('Environment') as HTMLSelectElement).value,
    ).toBe('development');
    expect(
      JSON.stringify(Object.fromEntries(Object.entries(sessionStorage))),
    ).toContain(DEV);
    expect(localStorage.length).toBe(0);
    // The header names the project (from GET /v1/me), never the key.
    expect(screen.getByTestId('project').textContent).toBe('Acme CV scoring');
    expect(screen.getByTestId('project').textContent).not.toContain(
      '1111111111111111'.slice(4, 12),
    );
  });

  it('takes the environment from the API, not from the look of the key', async () => {
    const { fetchImpl, calls } = api();
    render(<App fetchImpl={fetchImpl} />);
    signIn(OPAQUE);
    expect(
      await screen.findByText('https://opaque.example.com/hook'),
    ).toBeTruthy();
    expect(
      (screen.getByLabelText('Environment') as HTMLSelectElement).value,
    ).toBe('production');
    expect(screen.getByRole('note').textContent).toContain('production');
    expect(screen.getByTestId('project').textContent).toBe('Acme CV scoring');
    // Sign-in asked who the key is, and did not ask the user to choose an environment.
    expect(calls[0]).toMatchObject({
      method: 'GET',
      path: '/v1/me',
      key: OPAQUE,
    });
    expect(
      screen.queryByText('Choose which environment this key belongs to.'),
    ).toBeNull();
  });

  it("switches to production with its own key and shows only that environment's endpoints", async () => {
    const { fetchImpl, calls } = api();
    render(<App fetchImpl={fetchImpl} />);
    signIn(DEV);
    await screen.findByText('https://dev.example.com/hook');

    fireEvent.change(screen.getByLabelText('Environment'), {
      target: { value: 'production' },
    });
    const form = screen.getByRole('form', { name: 'Add a production key' });
    // A development key is refused in the production slot.
    fireEvent.change(within(form).getByLabelText('API key'), {
      target: { value: DEV },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Sign in' }));
    expect((await within(form).findByRole('alert')).textContent).toBe(
      'This is a development key; enter a production key.',
    );

    fireEvent.change(within(form).getByLabelText('API key'), {
      target: { value: PROD },
    });
    fireEvent.click(within(form).getByRole('button', { name: 'Sign in' }));
    expect(
      await screen.findByText('https://prod.example.com/hook'),
    ).toBeTruthy();
    expect(screen.queryByText('https://dev.example.com/hook')).toBeNull();
    expect(screen.getByRole('note').textContent).toContain('production');

    // Back to development: its key is still there, no second sign-in.
    fireEvent.change(screen.getByLabelText('Environment'), {
      target: { value: 'development' },
    });
    expect(
      await screen.findByText('https://dev.example.com/hook'),
    ).toBeTruthy();
    expect(screen.queryByText('https://prod.example.com/hook')).toBeNull();
    const endpointCalls = calls.filter((c) => c.path === '/v1/endpoints');
    expect(endpointCalls.at(-1)?.key).toBe(DEV);
  });
});
