import { LOG_RPC } from '@fastgen/contracts';
import { ServiceError } from '@fastgen/platform';
import { scopedQuery, uuidParam } from './scoped-query';

const caller = { project_id: '11111111-1111-4111-8111-111111111111', environment: 'development' as const, api_key_id: '22222222-2222-4222-8222-222222222222' };

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ServiceError);
    return ((err as ServiceError).fields ?? []).map((f) => f.field);
  }
  throw new Error('expected a ServiceError');
}

describe('scopedQuery', () => {
  const spec = LOG_RPC.listDeliveries.request;

  it('scopes the request to the caller and converts numeric parameters', () => {
    expect(scopedQuery(spec, caller, { status: 'failed', limit: '10', response_status: '503' }, ['limit', 'response_status'])).toEqual({
      status: 'failed',
      limit: 10,
      response_status: 503,
      project_id: caller.project_id,
      environment: 'development',
    });
  });

  it('names every bad or unknown parameter', () => {
    expect(fieldsOf(() => scopedQuery(spec, caller, { status: 'nope', since: 'yesterday', colour: 'red', limit: 'ten' }, ['limit'])).sort()).toEqual(
      ['colour', 'limit', 'since', 'status'],
    );
  });

  it('refuses to let the query choose the project or environment', () => {
    expect(fieldsOf(() => scopedQuery(spec, caller, { environment: 'production' }))).toEqual(['environment']);
  });

  it('checks path ids are UUIDs', () => {
    expect(uuidParam('0B7C3A52-6A4E-4A4F-9F3E-51E1F3B1D0A1')).toBe('0b7c3a52-6a4e-4a4f-9f3e-51e1f3b1d0a1');
    expect(fieldsOf(() => uuidParam('nope'))).toEqual(['id']);
  });
});
