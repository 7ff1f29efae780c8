import { ExitCode } from './exit-codes';
import { exitCodeOf } from './api-client';
import { parsePayload } from './commands/trigger';

describe('CLI mapping', () => {
  it.each([
    [401, ExitCode.AUTH],
    [403, ExitCode.AUTH],
    [400, ExitCode.REJECTED],
    [404, ExitCode.REJECTED],
    [413, ExitCode.REJECTED],
    [500, ExitCode.UNAVAILABLE],
    [503, ExitCode.UNAVAILABLE],
  ])('maps HTTP %i to exit code %i', (status, code) =>
    expect(exitCodeOf(status)).toBe(code),
  );

  it('reads --payload as JSON, {} when absent, and names a bad one', () => {
    expect(parsePayload('{"a":[1]}')).toEqual({ a: [1] });
    expect(parsePayload(undefined)).toEqual({});
    expect(() => parsePayload('{nope')).toThrow(/--payload is not valid JSON/);
    expect(() => parsePayload('@/nonexistent/file.json')).toThrow(
      /cannot read the payload file/,
    );
  });
});
