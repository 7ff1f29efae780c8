import { lookup as dnsLookup, type LookupAddress } from 'node:dns';

/**
 * Outbound safety: decides, at connect time, whether an address an endpoint's host resolved to
 * may be connected to. Bound in delivery.module.ts to libs/net-policy's refuseAddress.
 */
export interface UrlPolicy {
  /** null when allowed, else the reason (e.g. "resolves to a private address 10.0.0.5"). */
  refuseAddress(host: string, address: string, family: number): string | null;
}

export const URL_POLICY = Symbol('URL_POLICY');

/** Local development and tests: every address is allowed (receivers listen on 127.0.0.1). */
export const allowAllUrlPolicy: UrlPolicy = { refuseAddress: () => null };

export class RefusedAddressError extends Error {
  readonly code = 'EREFUSEDADDRESS';
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A dns.lookup that applies the policy to what the name resolved to, so the address checked is the
 * address connected to (no DNS-rebinding window between a check and the connect).
 */
export function policyLookup(policy: UrlPolicy) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '');
      for (const a of addresses) {
        const reason = policy.refuseAddress(hostname, a.address, a.family);
        if (reason) return callback(new RefusedAddressError(reason), '');
      }
      if ((options as { all?: boolean }).all) return callback(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}
