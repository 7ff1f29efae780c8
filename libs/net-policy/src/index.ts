// Outbound safety (SSRF): which addresses and URLs endpoints may point to. Pure, no framework.
export { classifyAddress, isPublicAddress, parseIp, type AddressCategory } from './lib/address';
export { allowsAddress, allowsHost, parseAllowList, EMPTY_ALLOW_LIST, type AllowList } from './lib/allow-list';
export { checkUrl, urlSyntaxError, MAX_URL_LENGTH, type UrlCheck, type UrlPolicy } from './lib/url-policy';
export { refuseAddress, isPublicOnly } from './lib/address-policy';
