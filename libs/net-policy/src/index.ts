// Outbound safety (SSRF): which addresses, ports and URLs endpoints may point to, at creation and
// at connect time. No framework; node:dns only.
export {
  classifyAddress,
  isPublicAddress,
  parseIp,
  type AddressCategory,
} from './lib/address';
export {
  allowsAddress,
  allowsHost,
  parseAllowList,
  EMPTY_ALLOW_LIST,
  type AllowList,
} from './lib/allow-list';
export {
  bareHost,
  checkUrl,
  effectivePort,
  isPublicOnly,
  refuseAddress,
  refuseTarget,
  urlSyntaxError,
  MAX_URL_LENGTH,
  type CheckOptions,
  type UrlCheck,
  type UrlPolicy,
  type UrlPolicySetting,
} from './lib/url-policy';
export { INFRASTRUCTURE_PORTS, portProblem } from './lib/ports';
export { guardedLookup, RefusedAddressError } from './lib/guarded-lookup';
