// Thrown for programmer/config mistakes (bad secret, bad master key, tampered sealed value).
// Verification of untrusted input never throws: it returns a VerifyResult instead.
export type SigningErrorCode =
  | 'invalid_secret'
  | 'invalid_argument'
  | 'invalid_master_key'
  | 'malformed_sealed_secret'
  | 'unseal_failed';

export class SigningError extends Error {
  constructor(
    readonly code: SigningErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SigningError';
  }
}
