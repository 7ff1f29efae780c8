import type { LookupAddress } from 'node:dns';
import { parseAllowList, EMPTY_ALLOW_LIST } from './allow-list';
import { guardedLookup } from './guarded-lookup';
import {
  checkUrl,
  isPublicOnly,
  refuseAddress,
  refuseTarget,
  urlSyntaxError,
  type UrlPolicy,
} from './url-policy';

const dns: Record<string, string[]> = {
  'hooks.example.com': ['93.184.216.34'],
  'rebind.example.com': ['93.184.216.34', '10.0.0.5'],
  'six.example.com': ['::ffff:127.0.0.1'],
  'internal.corp': ['10.1.2.3'],
  'metadata.example.com': ['169.254.169.254'],
  'api.svc.cluster.local': ['10.96.0.10'],
};
const resolve = async (host: string) => {
  const found = dns[host];
  if (!found)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
      code: 'ENOTFOUND',
    });
  return found;
};
const publicOnly: UrlPolicy = { publicOnly: true, allowList: EMPTY_ALLOW_LIST };
const check = (url: string, policy = publicOnly) =>
  checkUrl(url, policy, { resolve });
const NUL = String.fromCharCode(0);

// The SSRF table: every URL under the default (public-only) policy, with its result.
const TABLE: [url: string, result: string][] = [
  // loopback, every spelling
  ['http://127.0.0.1/', 'must not point to a loopback address'],
  ['http://127.1.2.3:8080/hook', 'must not point to a loopback address'],
  ['http://2130706433/', 'must not point to a loopback address'], // decimal
  ['http://0x7f000001/', 'must not point to a loopback address'], // hex
  ['http://0x7f.0.0.1/', 'must not point to a loopback address'], // hex, dotted
  ['http://0177.0.0.1/', 'must not point to a loopback address'], // octal
  ['http://127.1/', 'must not point to a loopback address'], // short
  ['http://127.0.0.1./', 'must not point to a loopback address'], // trailing dot
  ['http://[::1]:8080/', 'must not point to a loopback address'],
  ['http://[::ffff:127.0.0.1]/', 'must not point to a loopback address'], // IPv4-mapped IPv6
  ['http://[::ffff:7f00:1]/', 'must not point to a loopback address'],
  ['http://localhost/', 'must not point to a loopback address'],
  ['http://localhost./', 'must not point to a loopback address'],
  ['http://LOCALHOST:3000/', 'must not point to a loopback address'],
  ['http://hooks.localhost/', 'must not point to a loopback address'],
  [
    'http://six.example.com/',
    'must not point to a loopback address (six.example.com resolves to ::ffff:127.0.0.1)',
  ],
  // unspecified, private, shared, link-local, metadata
  ['http://0.0.0.0/', 'must not point to an unspecified address'],
  ['http://0/', 'must not point to an unspecified address'],
  ['http://[::]/', 'must not point to an unspecified address'],
  ['http://10.0.0.1/', 'must not point to a private address'],
  ['http://172.16.5.4/', 'must not point to a private address'],
  ['http://172.31.255.254/', 'must not point to a private address'],
  ['http://192.168.1.10/', 'must not point to a private address'],
  ['http://[::ffff:192.168.1.10]/', 'must not point to a private address'],
  [
    'http://internal.corp/',
    'must not point to a private address (internal.corp resolves to 10.1.2.3)',
  ],
  [
    'http://rebind.example.com/',
    'must not point to a private address (rebind.example.com resolves to 10.0.0.5)',
  ],
  ['http://100.64.0.1/', 'must not point to a cgnat address'],
  ['http://100.100.100.200/', 'must not point to a cgnat address'],
  [
    'http://169.254.169.254/latest/meta-data/',
    'must not point to a metadata address',
  ],
  ['http://[::ffff:169.254.169.254]/', 'must not point to a metadata address'],
  ['http://[fd00:ec2::254]/', 'must not point to a metadata address'],
  ['http://metadata.google.internal/', 'must not point to a metadata address'],
  [
    'http://metadata.example.com/',
    'must not point to a metadata address (metadata.example.com resolves to 169.254.169.254)',
  ],
  ['http://169.254.10.1/', 'must not point to a link-local address'],
  ['http://[fe80::1]/', 'must not point to a link-local address'],
  ['http://[fd00::1]/', 'must not point to a unique-local address'],
  ['http://[fc00::1]/', 'must not point to a unique-local address'],
  // multicast, broadcast, reserved
  ['http://224.0.0.1/', 'must not point to a multicast address'],
  ['http://[ff02::1]/', 'must not point to a multicast address'],
  ['http://255.255.255.255/', 'must not point to a broadcast address'],
  ['http://192.0.2.1/', 'must not point to a documentation address'],
  ['http://198.18.0.1/', 'must not point to a benchmarking address'],
  ['http://240.0.0.1/', 'must not point to a reserved address'],
  // ports
  ['http://93.184.216.34:0/', 'must not use port 0'],
  [
    'https://hooks.example.com:22/',
    'must not use port 22: below 1024 only 80 and 443 are allowed',
  ],
  [
    'https://hooks.example.com:25/',
    'must not use port 25: below 1024 only 80 and 443 are allowed',
  ],
  [
    'http://93.184.216.34:5432/',
    'must not use port 5432 (Postgres), a well-known infrastructure port',
  ],
  [
    'http://93.184.216.34:9092/',
    'must not use port 9092 (Kafka), a well-known infrastructure port',
  ],
  [
    'http://93.184.216.34:6379/',
    'must not use port 6379 (Redis), a well-known infrastructure port',
  ],
  [
    'http://93.184.216.34:2379/',
    'must not use port 2379 (etcd), a well-known infrastructure port',
  ],
  // characters and credentials
  [
    'http://hooks.example.com/a\r\nX-Injected: 1',
    'must not contain control characters (CR (carriage return) at position 27)',
  ],
  [
    'http://hooks.example.com/a\nb',
    'must not contain control characters (LF (line feed) at position 27)',
  ],
  [
    `http://hooks.example.com/${NUL}`,
    'must not contain control characters (NUL at position 26)',
  ],
  [
    'http://hooks.example.com/a\tb',
    'must not contain control characters (TAB at position 27)',
  ],
  [
    'http://hooks.example.com\\@127.0.0.1/',
    'must not contain backslashes; use forward slashes',
  ],
  [
    'http://hooks.example.com/a b',
    'must not contain spaces; percent-encode them as %20',
  ],
  [
    'https://user:pass@hooks.example.com/',
    'must not contain credentials; send them in a custom header such as Authorization',
  ],
  [
    'https://hooks.example.com@127.0.0.1/',
    'must not contain credentials; send them in a custom header such as Authorization',
  ],
  ['ftp://hooks.example.com/x', 'must use http or https, not ftp'],
  ['gopher://127.0.0.1:6379/_FLUSHALL', 'must use http or https, not gopher'],
  // accepted
  ['https://hooks.example.com/in', 'accepted'],
  ['https://hooks.example.com./in', 'accepted'],
  ['https://93.184.216.34/hooks', 'accepted'],
  ['http://[2606:4700:4700::1111]/', 'accepted'],
  ['https://hooks.example.com:8443/in', 'accepted'],
  ['http://93.184.216.34:8080/', 'accepted'],
  ['https://not-resolvable.example.org/in', 'accepted'], // checked at connect time
];

describe('checkUrl under the default policy (public-only)', () => {
  it.each(TABLE)('%j → %s', async (url, result) => {
    const outcome = await check(url);
    if (result === 'accepted') expect(outcome).toMatchObject({ ok: true });
    else
      expect(outcome).toMatchObject({
        ok: false,
        reason: expect.stringContaining(result),
      });
  });

  it('accepts a host that does not resolve, leaving it to the connect-time check', async () => {
    expect(await check('https://nowhere.example.com/')).toMatchObject({
      ok: true,
      addresses: [],
    });
  });

  it('accepts a host whose resolver does not answer in time, leaving it to the connect-time check', async () => {
    const never = () => new Promise<string[]>(() => undefined);
    expect(
      await checkUrl('https://slow.example.com/', publicOnly, {
        resolve: never,
        resolveTimeoutMs: 50,
      }),
    ).toMatchObject({ ok: true, addresses: [] });
  });

  it('lets allow-listed ranges and host names through, but not their neighbours or infrastructure ports', async () => {
    const policy = {
      publicOnly: true,
      allowList: parseAllowList(
        '10.0.0.0/8, ::1, localhost, *.svc.cluster.local',
      ),
    };
    expect(await check('http://internal.corp/', policy)).toMatchObject({
      ok: true,
    });
    expect(await check('http://[::1]/', policy)).toMatchObject({ ok: true });
    expect(await check('http://localhost:4000/', policy)).toMatchObject({
      ok: true,
    });
    expect(await check('http://api.svc.cluster.local/', policy)).toMatchObject({
      ok: true,
    });
    expect(await check('http://127.0.0.1/', policy)).toMatchObject({
      ok: false,
      category: 'loopback',
    });
    expect(await check('http://localhost:5432/', policy)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('port 5432 (Postgres)'),
    });
  });
});

describe('checkUrl with ENDPOINT_URL_POLICY=any', () => {
  const any: UrlPolicy = { publicOnly: false, allowList: EMPTY_ALLOW_LIST };

  it('allows any address and port but still checks syntax, characters, credentials and port 0', async () => {
    expect(await check('http://127.0.0.1:5432/', any)).toMatchObject({
      ok: true,
    });
    expect(await check('http://localhost:22/', any)).toMatchObject({
      ok: true,
    });
    expect(await check('gopher://127.0.0.1/', any)).toMatchObject({
      ok: false,
    });
    expect(await check('http://127.0.0.1:0/', any)).toMatchObject({
      ok: false,
      reason: 'must not use port 0',
    });
    expect(await check('http://a.example/\r\n', any)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('control characters'),
    });
    expect(await check('http://u:p@a.example/', any)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('credentials'),
    });
  });
});

describe('urlSyntaxError', () => {
  it.each([
    ['/relative/path', 'must be an absolute http(s) URL'],
    ['example.com/hook', 'must be an absolute http(s) URL'],
    ['javascript:alert(1)', 'must use http or https, not javascript'],
    ['file:///etc/passwd', 'must use http or https, not file'],
    [
      `https://example.com/${'a'.repeat(2100)}`,
      'must be at most 2048 characters',
    ],
    [
      ' https://example.com/',
      'must not contain spaces; percent-encode them as %20',
    ],
    [
      'https://example.com/\x7f',
      'must not contain control characters (U+007F at position 21)',
    ],
  ])('refuses %j', (url, reason) => {
    expect(urlSyntaxError(url)).toBe(reason);
  });

  it('accepts absolute http and https URLs', () => {
    expect(
      urlSyntaxError('https://hooks.example.com/x?y=1&z=%20#frag'),
    ).toBeNull();
    expect(urlSyntaxError('https://bücher.example/x')).toBeNull();
  });
});

describe('the connect-time checks', () => {
  const policy: UrlPolicy = {
    publicOnly: true,
    allowList: parseAllowList('10.20.0.0/16,hooks.internal'),
  };

  it.each([
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['10.0.0.5', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['fd12:3456::1', 'unique-local'],
  ])('refuse an address %s (%s) a name resolved to', (address, category) => {
    expect(refuseAddress(policy, 'example.com', address)).toBe(
      `example.com resolves to ${address}, a ${category} address`,
    );
  });

  it('allow public addresses, allow-listed ranges and allow-listed hosts', () => {
    expect(refuseAddress(policy, 'example.com', '93.184.216.34')).toBeNull();
    expect(refuseAddress(policy, 'internal', '10.20.3.4')).toBeNull();
    expect(refuseAddress(policy, 'hooks.internal.', '10.99.0.1')).toBeNull();
    expect(
      refuseAddress(
        { publicOnly: false, allowList: EMPTY_ALLOW_LIST },
        'localhost',
        '127.0.0.1',
      ),
    ).toBeNull();
  });

  it('check the port and IP-literal hosts, which Node connects to without a lookup', () => {
    expect(refuseTarget(policy, '127.0.0.1', 443)).toBe(
      '127.0.0.1 is a loopback address',
    );
    expect(refuseTarget(policy, '[::ffff:a9fe:a9fe]', 80)).toBe(
      '::ffff:a9fe:a9fe is a metadata address',
    );
    expect(refuseTarget(policy, '93.184.216.34', 9092)).toBe(
      'uses port 9092 (Kafka), a well-known infrastructure port',
    );
    expect(refuseTarget(policy, '93.184.216.34', 0)).toBe('uses port 0');
    expect(refuseTarget(policy, 'hooks.example.com', 443)).toBeNull(); // names: guardedLookup
  });

  describe('guardedLookup', () => {
    // A resolver whose answer changed since creation: the address connected to is what is checked.
    const answers: Record<string, LookupAddress[]> = {
      'rebound.example.com': [{ address: '127.0.0.1', family: 4 }],
      'mixed.example.com': [
        { address: '93.184.216.34', family: 4 },
        { address: '::1', family: 6 },
      ],
      'hooks.example.com': [{ address: '93.184.216.34', family: 4 }],
    };
    const fakeLookup = ((
      host: string,
      _opts: object,
      cb: (err: Error | null, addresses: LookupAddress[]) => void,
    ) =>
      cb(
        null,
        answers[host] ?? [],
      )) as unknown as typeof import('node:dns').lookup;
    const lookupOf = (host: string, all = false) =>
      new Promise<{
        err: (Error & { code?: string }) | null;
        address: unknown;
      }>((done) =>
        guardedLookup(publicOnly, fakeLookup)(host, { all }, (err, address) =>
          done({ err, address }),
        ),
      );

    it('refuses a name that now resolves to loopback (DNS rebinding)', async () => {
      const { err } = await lookupOf('rebound.example.com');
      expect(err).toMatchObject({
        code: 'EREFUSEDADDRESS',
        message:
          'rebound.example.com resolves to 127.0.0.1, a loopback address',
      });
    });

    it('refuses when any of the addresses is not public (the connection may try each)', async () => {
      expect((await lookupOf('mixed.example.com', true)).err?.message).toBe(
        'mixed.example.com resolves to ::1, a loopback address',
      );
    });

    it('hands public addresses to the connection, one or all as asked', async () => {
      expect(await lookupOf('hooks.example.com')).toEqual({
        err: null,
        address: '93.184.216.34',
      });
      expect(await lookupOf('hooks.example.com', true)).toEqual({
        err: null,
        address: [{ address: '93.184.216.34', family: 4 }],
      });
    });
  });
});

describe('isPublicOnly', () => {
  it('is public-only unless set to any, whatever NODE_ENV is', () => {
    expect(isPublicOnly(undefined)).toBe(true);
    expect(isPublicOnly('public-only')).toBe(true);
    expect(isPublicOnly('any')).toBe(false);
  });
});
