import { parseAllowList } from './allow-list';
import { checkUrl, urlSyntaxError } from './url-policy';

const dns: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'rebind.example.com': ['93.184.216.34', '10.0.0.5'],
  'six.example.com': ['::ffff:127.0.0.1'],
  'internal.corp': ['10.1.2.3'],
  'api.svc.cluster.local': ['10.96.0.10'],
};
const resolve = async (host: string) => {
  const found = dns[host];
  if (!found) throw new Error('ENOTFOUND');
  return found;
};
const production = { publicOnly: true, resolve };

describe('urlSyntaxError', () => {
  it.each([
    ['ftp://example.com/x', 'must use http or https, not ftp'],
    ['javascript:alert(1)', 'must use http or https, not javascript'],
    ['file:///etc/passwd', 'must use http or https, not file'],
    ['/relative/path', 'must be an absolute http(s) URL'],
    ['example.com/hook', 'must be an absolute http(s) URL'],
    ['https://user:pass@example.com/', 'must not contain credentials; send them in a custom header such as Authorization'],
    [`https://example.com/${'a'.repeat(2100)}`, 'must be at most 2048 characters'],
  ])('refuses %s', (url, reason) => {
    expect(urlSyntaxError(url)).toBe(reason);
  });

  it('accepts absolute http and https URLs', () => {
    expect(urlSyntaxError('https://hooks.example.com/x?y=1')).toBeNull();
    expect(urlSyntaxError('http://127.0.0.1:8080/')).toBeNull();
  });
});

describe('checkUrl', () => {
  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://2130706433/', 'loopback'], // decimal form, normalised by the URL parser
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://0/', 'unspecified'],
    ['http://[::1]:8080/', 'loopback'],
    ['http://[::ffff:169.254.169.254]/latest/meta-data', 'metadata'],
    ['http://169.254.169.254/latest/meta-data', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://100.64.1.1/', 'cgnat'],
    ['http://[fc00::1]/', 'unique-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://192.168.0.10/', 'private'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://192.0.2.1/', 'documentation'],
    ['http://six.example.com/', 'loopback'],
    ['http://internal.corp/', 'private'],
    ['http://rebind.example.com/', 'private'], // any non-public answer is enough to refuse
  ])('refuses %s in production (%s)', async (url, category) => {
    const result = await checkUrl(url, production);
    expect(result).toMatchObject({ ok: false, category });
  });

  it('accepts a host that resolves only to public addresses', async () => {
    const result = await checkUrl('https://hooks.example.com/in', production);
    expect(result).toMatchObject({ ok: true, addresses: ['93.184.216.34'] });
  });

  it('refuses a host that does not resolve in production', async () => {
    expect(await checkUrl('https://nowhere.example.com/', production)).toEqual({ ok: false, reason: 'host nowhere.example.com does not resolve' });
  });

  it('gives up on a resolver that does not answer in time', async () => {
    const never = () => new Promise<string[]>(() => undefined);
    expect(await checkUrl('https://slow.example.com/', { publicOnly: true, resolve: never, resolveTimeoutMs: 50 })).toEqual({
      ok: false,
      reason: 'host slow.example.com did not resolve in time; try again',
    });
  });

  it('allows any address outside production, but still checks syntax', async () => {
    expect(await checkUrl('http://127.0.0.1:9000/', { publicOnly: false })).toMatchObject({ ok: true });
    expect(await checkUrl('gopher://127.0.0.1/', { publicOnly: false })).toMatchObject({ ok: false });
  });

  it('lets allow-listed ranges and host names through in production', async () => {
    const allowList = parseAllowList('10.0.0.0/8, ::1, *.svc.cluster.local');
    const policy = { ...production, allowList };
    expect(await checkUrl('http://internal.corp/', policy)).toMatchObject({ ok: true });
    expect(await checkUrl('http://[::1]/', policy)).toMatchObject({ ok: true });
    expect(await checkUrl('http://api.svc.cluster.local/', policy)).toMatchObject({ ok: true });
    expect(await checkUrl('http://127.0.0.1/', policy)).toMatchObject({ ok: false, category: 'loopback' });
  });
});

describe('parseAllowList', () => {
  it('reads CIDRs, IPs and host names, ignoring blanks', () => {
    const list = parseAllowList(' 10.0.0.0/8 ,fd00::/8,127.0.0.1,, hooks.internal ,*.local.test');
    expect(list.ranges).toHaveLength(3);
    expect(list.hosts).toEqual(['hooks.internal', '*.local.test']);
  });

  it('names a bad entry', () => {
    expect(() => parseAllowList('10.0.0.0/33')).toThrow('allow-list entry "10.0.0.0/33" is not a valid CIDR range');
    expect(() => parseAllowList('not a host!')).toThrow('"not a host!" is neither');
  });
});
