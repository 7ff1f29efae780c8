import { createHash } from 'node:crypto';
import type { ExecutionContext } from '@nestjs/common';
import { Readiness, ServiceError } from '@fastgen/platform';
import type { ApiKeyState } from '@fastgen/contracts';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeysView } from './api-keys.view';

const KEY = 'fg_dev_' + 'k'.repeat(43);
const state = (over: Partial<ApiKeyState> = {}): ApiKeyState => ({
  id: '11111111-1111-4111-8111-111111111111',
  project_id: '22222222-2222-4222-8222-222222222222',
  environment: 'development',
  key_hash: createHash('sha256').update(KEY).digest('hex'),
  prefix: 'fg_dev_kkkk',
  revoked_at: null,
  created_at: new Date().toISOString(),
  ...over,
});

function contextFor(authorization?: string): { ctx: ExecutionContext; req: Record<string, unknown> } {
  const req: Record<string, unknown> = { headers: authorization === undefined ? {} : { authorization } };
  const ctx = { switchToHttp: () => ({ getRequest: () => req }) } as unknown as ExecutionContext;
  return { ctx, req };
}

describe('ApiKeyGuard', () => {
  let view: ApiKeysView;
  let guard: ApiKeyGuard;

  beforeEach(() => {
    view = new ApiKeysView({} as never, 'gateway', new Readiness());
    Object.defineProperty(view, 'ready', { get: () => true });
    guard = new ApiKeyGuard(view);
  });

  it('lets a known key through and records who is calling', () => {
    view.apply(state().id, state());
    const { ctx, req } = contextFor(`Bearer ${KEY}`);
    expect(guard.canActivate(ctx)).toBe(true);
    expect(req['caller']).toEqual({ api_key_id: state().id, project_id: state().project_id, environment: 'development', prefix: 'fg_dev_kkkk' });
    expect(req['trace']).toEqual({ project_id: state().project_id, environment: 'development' });
  });

  it.each([undefined, '', 'Basic abc', 'Bearer ', `Bearer ${KEY}x`])('answers 401 for the header %p', (header) => {
    view.apply(state().id, state());
    expect(() => guard.canActivate(contextFor(header).ctx)).toThrow(ServiceError);
    try {
      guard.canActivate(contextFor(header).ctx);
    } catch (err) {
      expect((err as ServiceError).code).toBe('unauthorized');
    }
  });

  it('refuses a key once its revocation or tombstone arrives', () => {
    view.apply(state().id, state());
    view.apply(state().id, state({ revoked_at: new Date().toISOString() }));
    expect(() => guard.canActivate(contextFor(`Bearer ${KEY}`).ctx)).toThrow('not valid');
    view.apply(state().id, state());
    expect(guard.canActivate(contextFor(`Bearer ${KEY}`).ctx)).toBe(true);
    view.apply(state().id, null);
    expect(() => guard.canActivate(contextFor(`Bearer ${KEY}`).ctx)).toThrow('not valid');
  });

  it('answers 503 while the view is still loading', () => {
    const loading = new ApiKeyGuard(new ApiKeysView({} as never, 'gateway', new Readiness()));
    expect(() => loading.canActivate(contextFor(`Bearer ${KEY}`).ctx)).toThrow('still loading');
  });
});
