import { CliError, ExitCode } from './exit-codes';

export interface ApiSettings {
  apiKey: string | undefined;
  apiUrl: string;
}

interface ErrorBody {
  error?: { code?: string; message?: string };
}

/** The gateway's REST API with the caller's key; every failure becomes a CliError with its exit code. */
export class ApiClient {
  constructor(private readonly settings: ApiSettings) {}

  get baseUrl(): string {
    return this.settings.apiUrl.replace(/\/+$/, '');
  }

  private get key(): string {
    const key = this.settings.apiKey;
    if (!key)
      throw new CliError(
        ExitCode.AUTH,
        'no API key: set FASTGEN_API_KEY or pass --api-key fg_dev_...',
      );
    return key;
  }

  async json<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    const res = await this.fetch(path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as T;
  }

  /** A request whose non-2xx answer is thrown as a CliError; the caller reads the body. */
  async fetch(
    path: string,
    init: RequestInit & { headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const authorization = `Bearer ${this.key}`;
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        ...init,
        headers: { authorization, ...init.headers },
      });
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') throw err;
      const cause = (err as { cause?: { code?: string; message?: string } })
        .cause;
      throw new CliError(
        ExitCode.UNAVAILABLE,
        `cannot reach the gateway at ${this.baseUrl} (${cause?.code ?? cause?.message ?? (err as Error).message}); set FASTGEN_API_URL`,
      );
    }
    if (res.ok) return res;
    const text = await res.text().catch(() => '');
    let message = text.slice(0, 500) || res.statusText;
    try {
      message = (JSON.parse(text) as ErrorBody).error?.message ?? message;
    } catch {
      // not JSON: keep the text
    }
    throw new CliError(exitCodeOf(res.status), `${res.status}: ${message}`);
  }
}

export function exitCodeOf(status: number): ExitCode {
  if (status === 401 || status === 403) return ExitCode.AUTH;
  if (status >= 500) return ExitCode.UNAVAILABLE;
  return ExitCode.REJECTED;
}
