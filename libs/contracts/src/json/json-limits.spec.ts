import { MAX_JSON_DEPTH, jsonDepth, jsonDepthErrors, unstorableText, unstorableTextErrors, valueDepth, valueDepthErrors } from './json-limits';

const nested = (n: number) => '['.repeat(n) + ']'.repeat(n);

describe('JSON limits', () => {
  it('measures nesting without parsing, ignoring brackets inside strings', () => {
    expect(jsonDepth('{"a":[1,{"b":"[[[{"}]}')).toBe(3);
    expect(jsonDepth('"\\"[["')).toBe(0);
    expect(jsonDepth(nested(100_000), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
  });

  it('accepts nesting up to the limit and names the limit beyond it', () => {
    expect(jsonDepthErrors(nested(MAX_JSON_DEPTH))).toEqual([]);
    expect(jsonDepthErrors(nested(MAX_JSON_DEPTH + 1), 'payload')[0]).toEqual({ field: 'payload', message: expect.stringContaining('64 levels') });
  });

  it('measures a parsed value the same way as its text, at any depth', () => {
    for (const text of ['1', '[]', '{"a":[1,{"b":{}}]}', nested(10)]) expect(valueDepth(JSON.parse(text))).toBe(jsonDepth(text));
    expect(valueDepthErrors(JSON.parse(nested(100_000)), 'body')).toHaveLength(1);
    expect(valueDepthErrors(JSON.parse(nested(MAX_JSON_DEPTH)))).toEqual([]);
  });

  it('refuses NUL and lone surrogates in text but accepts emoji (surrogate pairs)', () => {
    expect(unstorableText('a\u0000b')).toMatch(/NUL/);
    expect(unstorableText('x\ud800')).toMatch(/surrogate/);
    expect(unstorableText('\udc00x')).toMatch(/surrogate/);
    expect(unstorableText('ok 🎉')).toBeNull();
  });

  it('names every unstorable string and key by path, skipping the given subtrees', () => {
    const body = { name: 'a\u0000', payload: { note: 'b\u0000' }, schema: { properties: { ['k\ud800']: {} } }, list: ['ok', 'c\u0000'] };
    expect(unstorableTextErrors(body, ['payload']).map((e) => e.field).sort()).toEqual(['list[1]', 'name', 'schema.properties.k\ud800']);
  });
});
