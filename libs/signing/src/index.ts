export { SigningError, type SigningErrorCode } from './errors';
export { generateSecret, SECRET_PREFIX } from './secret';
export {
  buildSignatureHeaders,
  signFastgen,
  signStandard,
  standardSignatureHeader,
  type Body,
  type BuildSignatureHeadersInput,
  type SignatureHeaders,
} from './sign';
export {
  DEFAULT_TOLERANCE_SECONDS,
  verifyFastgen,
  verifyStandard,
  type HeaderValue,
  type StandardHeaders,
  type VerifyFailureReason,
  type VerifyResult,
  type VerifyStandardOptions,
} from './verify';
export { openSecret, parseMasterKey, sealSecret } from './secret-box';
export {
  WEBHOOK_USER_AGENT,
  webhookBody,
  webhookRequestHeaders,
} from './webhook-request';
