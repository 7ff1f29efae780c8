// What a script can rely on: `fastgen ...; echo $?`.
export enum ExitCode {
  OK = 0,
  /** The command ran but the answer is "no": a signature did not verify. */
  FAILED = 1,
  /** Bad arguments or options. */
  USAGE = 2,
  /** No API key, an unknown or revoked key (401), or a key not allowed to do this (403, e.g. a production key for listen). */
  AUTH = 3,
  /** The API refused the request (another 4xx: bad input, not found...). */
  REJECTED = 4,
  /** The gateway is unreachable or failing (network error, 5xx). */
  UNAVAILABLE = 5,
}

export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
