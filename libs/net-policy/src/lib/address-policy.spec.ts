import { parseAllowList } from './allow-list';
import { isPublicOnly, refuseAddress } from './address-policy';

describe('refuseAddress (connect time)', () => {
  const publicOnly = { publicOnly: true, allowList: parseAllowList('10.20.0.0/16,hooks.internal') };

  it.each([
    ['127.0.0.1', 'loopback'],
    ['169.254.169.254', 'metadata'],
    ['10.0.0.5', 'private'],
    ['::ffff:192.168.1.1', 'private'],
    ['fd12:3456::1', 'unique-local'],
  ])('refuses %s as %s when public-only', (address, category) => {
    expect(refuseAddress(publicOnly, 'example.com', address)).toBe(`example.com resolves to ${address}, a ${category} address`);
  });

  it('allows public addresses, allow-listed ranges and allow-listed hosts', () => {
    expect(refuseAddress(publicOnly, 'example.com', '93.184.216.34')).toBeNull();
    expect(refuseAddress(publicOnly, 'internal', '10.20.3.4')).toBeNull();
    expect(refuseAddress(publicOnly, 'hooks.internal', '10.99.0.1')).toBeNull();
  });

  it('allows everything when the policy is not public-only', () => {
    expect(refuseAddress({ publicOnly: false }, 'localhost', '127.0.0.1')).toBeNull();
  });

  it('is public-only by default in production only', () => {
    expect(isPublicOnly(undefined, 'production')).toBe(true);
    expect(isPublicOnly(undefined, 'development')).toBe(false);
    expect(isPublicOnly('any', 'production')).toBe(false);
    expect(isPublicOnly('public-only', 'test')).toBe(true);
  });
});
