import { Type } from '@sinclair/typebox';
import { TOPICS, WebhookMessage, ALL_TOPICS, jsonSchemaErrors, compileJsonSchema, defineContract } from './index';

const valid = {
  id: '9bde801d-bb41-417b-aaa6-50f7438085aa',
  project_id: '0f3c2a7e-5d1b-4c8e-9a6f-2b7d9e1c4a58',
  environment: 'development',
  event: 'cv-score-finished',
  payload: { score: 87 },
  created_at: '2026-11-27T10:00:00.000Z',
  source: 'api',
};

describe('contracts', () => {
  it('accepts a well-formed message', () => {
    expect(WebhookMessage.errors(valid)).toEqual([]);
  });

  it('names an unknown field', () => {
    expect(WebhookMessage.errors({ ...valid, colour: 'red' })).toEqual([{ field: 'colour', message: 'is not a known field' }]);
  });

  it('names a missing field and a bad one together', () => {
    const { event: _omitted, ...rest } = valid;
    const errors = WebhookMessage.errors({ ...rest, environment: 'staging' });
    expect(errors.map((e) => e.field)).toEqual(expect.arrayContaining(['event', 'environment']));
  });

  it('rejects an event name outside the documented pattern', () => {
    expect(WebhookMessage.errors({ ...valid, event: 'Has Spaces' })[0]?.field).toBe('event');
  });

  it('throws a ContractViolation from parse, listing the field', () => {
    expect(() => WebhookMessage.parse({ ...valid, id: 'nope' })).toThrow(/id must match format "uuid"/);
  });

  it('gives every topic a versioned, unique name', () => {
    const names = ALL_TOPICS.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/\.v\d+$/);
    expect(TOPICS.config.endpoints.cleanupPolicy).toBe('compact');
  });

  it('checks that a JSON Schema is itself valid, and validates against it with field paths', () => {
    expect(jsonSchemaErrors({ type: 'object', properties: { score: { type: 'integer' } } })).toEqual([]);
    expect(jsonSchemaErrors({ type: 'not-a-type' }).length).toBeGreaterThan(0);
    expect(jsonSchemaErrors([1, 2])).toEqual([{ field: '', message: 'must be a JSON Schema object' }]);
    const check = compileJsonSchema({ type: 'object', properties: { items: { type: 'array', items: { type: 'integer' } } } });
    expect(check({ items: [1, 'two'] })).toEqual([{ field: 'items[1]', message: 'must be integer' }]);
  });
});

describe('pattern errors in words', () => {
  it('uses a schema\'s x-pattern-message for a value its pattern refuses', () => {
    const contract = defineContract('Words', Type.Object({ v: Type.String({ pattern: '^[a-z]*$', 'x-pattern-message': 'must be lowercase letters' }) }));
    expect(contract.errors({ v: 'A1' })).toEqual([{ field: 'v', message: 'must be lowercase letters' }]);
  });
});
