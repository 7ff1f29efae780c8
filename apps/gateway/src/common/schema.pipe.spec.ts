import { Type } from '@sinclair/typebox';
import { EndpointCreateBody, ListQuery } from '@fastgen/contracts';
import { ServiceError } from '@fastgen/platform';
import { PathIdPipe, SchemaPipe } from './schema.pipe';
import { openApi } from './openapi';

function fieldsOf(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (err) {
    return (err as ServiceError).fields ?? [];
  }
  throw new Error('expected an error');
}

describe('SchemaPipe', () => {
  it('names unknown and mistyped fields', () => {
    const pipe = new SchemaPipe(EndpointCreateBody);
    expect(fieldsOf(() => pipe.transform({ url: 1, extra: true }))).toEqual(
      expect.arrayContaining([
        { field: 'extra', message: 'is not a known field' },
        { field: 'url', message: 'must be string' },
      ]),
    );
    expect(pipe.transform({ url: 'https://a.example.com' })).toEqual({ url: 'https://a.example.com' });
  });

  it('converts integer query parameters before validating', () => {
    const pipe = new SchemaPipe(ListQuery, 'query', ['limit']);
    expect(pipe.transform({ limit: '20' })).toEqual({ limit: 20 });
    expect(fieldsOf(() => pipe.transform({ limit: 'ten' }))).toEqual([{ field: 'limit', message: 'must be integer' }]);
    expect(fieldsOf(() => pipe.transform({ limit: '1000' }))).toEqual([{ field: 'limit', message: 'must be <= 100' }]);
  });

  it('treats an id that cannot exist as not found', () => {
    expect(() => new PathIdPipe('endpoint').transform('../etc')).toThrow('endpoint not found');
    expect(new PathIdPipe('endpoint').transform('6a1f4a0e-2b8e-4f7e-9d51-1f1bb2f0b3a4')).toBe('6a1f4a0e-2b8e-4f7e-9d51-1f1bb2f0b3a4');
  });
});

describe('openApi', () => {
  it('documents fields with an example and nullable unions', () => {
    const schema = openApi(EndpointCreateBody) as { properties: Record<string, Record<string, unknown>> };
    expect(schema.properties['url']?.['example']).toBe('https://hooks.example.com/fastgen');
    expect(schema.properties['rate_limit']).toMatchObject({ type: 'integer', nullable: true });
    expect(JSON.stringify(schema)).not.toContain('"examples"');
  });
});

describe('SchemaPipe: what storage cannot hold or a missing body', () => {
  const pipe = new SchemaPipe(Type.Object({ name: Type.String(), meta: Type.Optional(Type.Record(Type.String(), Type.Unknown())) }, { additionalProperties: false }));

  it('refuses U+0000 in a string or a key with a 400 naming where it is', () => {
    expect(() => pipe.transform({ name: 'a\u0000b' })).toThrow(/name must not contain the NUL character/);
    expect(() => pipe.transform({ name: 'a', meta: { deep: ['x', 'y\u0000'] } })).toThrow(/meta\.deep\[1\] must not contain/);
    expect(() => pipe.transform({ name: 'a', meta: { 'k\u0000': 1 } })).toThrow(/must not contain the NUL/);
  });

  it('refuses a request without a body, as the spec requires one', () => {
    expect(() => pipe.transform(undefined)).toThrow(/body is required/);
  });
});
