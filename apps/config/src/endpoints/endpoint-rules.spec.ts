import { headerErrors, normaliseHeaders, urlErrors } from './endpoint-rules';

describe('headerErrors', () => {
  it.each(['content-type', 'Content-Type', 'content-length', 'user-agent', 'host', 'transfer-encoding', 'connection', 'x-fastgen-signature', 'X-Fastgen-Anything', 'webhook-id', 'webhook-timestamp', 'webhook-signature', 'Webhook-Other'])(
    'refuses the reserved header %s',
    (name) => {
      expect(headerErrors({ [name]: 'x' })).toEqual([{ field: `headers.${name}`, message: 'is a reserved header set by Fastgen Webhooks and cannot be overridden' }]);
    },
  );

  it('accepts ordinary headers such as Authorization', () => {
    expect(headerErrors({ Authorization: 'Bearer x', 'x-team': 'scoring' })).toEqual([]);
  });

  it('refuses invalid names, line breaks in values, and a name given twice', () => {
    expect(headerErrors({ 'bad name': 'v' })).toEqual([{ field: 'headers.bad name', message: 'is not a valid header name' }]);
    expect(headerErrors({ 'x-a': 'v\r\nx-b: 1' })).toEqual([{ field: 'headers.x-a', message: 'must not contain line breaks or control characters' }]);
    expect(headerErrors({ 'X-A': '1', 'x-a': '2' })).toEqual([{ field: 'headers.x-a', message: 'is given twice (header names are case-insensitive)' }]);
  });

  it('stores header names in lowercase', () => {
    expect(normaliseHeaders({ 'X-Team': 'a' })).toEqual({ 'x-team': 'a' });
  });
});

describe('urlErrors', () => {
  const allowList = { ranges: [], hosts: [] };
  it('names the url field', async () => {
    expect(await urlErrors('ftp://x.example.com', { publicOnly: false, allowList })).toEqual([{ field: 'url', message: 'must use http or https, not ftp' }]);
    expect(await urlErrors('http://10.0.0.1/', { publicOnly: true, allowList })).toEqual([
      { field: 'url', message: 'must not point to a private address; only public addresses are allowed' },
    ]);
    expect(await urlErrors('http://10.0.0.1/', { publicOnly: false, allowList })).toEqual([]);
  });
});
