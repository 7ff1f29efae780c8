import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { refuseAddress, type UrlPolicy } from './url-policy';

/** A connection refused by the URL policy (its message is the reason). */
export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A dns.lookup for net/tls connect (e.g. an undici Agent's `connect.lookup`) that applies the
 * policy to every address the name resolved to, so the address checked is the address connected
 * to: no DNS-rebinding window between a check and the connect. `lookup` is injectable for tests.
 */
export function guardedLookup(
  policy: UrlPolicy,
  lookup: typeof dnsLookup = dnsLookup,
) {
  return (
    hostname: string,
    options: object,
    callback: LookupCallback,
  ): void => {
    lookup(
      hostname,
      { ...options, all: true },
      (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '');
        for (const a of addresses) {
          const reason = refuseAddress(policy, hostname, a.address);
          if (reason) return callback(new RefusedAddressError(reason), '');
        }
        if ((options as { all?: boolean }).all)
          return callback(null, addresses);
        const first = addresses[0];
        if (!first)
          return callback(
            Object.assign(new Error(`${hostname} has no address`), {
              code: 'ENOTFOUND',
            }),
            '',
          );
        callback(null, first.address, first.family);
      },
    );
  };
}
