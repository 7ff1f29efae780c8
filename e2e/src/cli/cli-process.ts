import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { waitFor } from '../support/wait';

/** The built CLI, exactly what `npm pack` in dist/apps/cli ships. */
export const CLI_MAIN = path.join(
  __dirname,
  '..',
  '..',
  '..',
  'dist',
  'apps',
  'cli',
  'main.js',
);
export const cliBuilt = (): boolean => fs.existsSync(CLI_MAIN);

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `fastgen <args>` to completion. */
export function runCli(
  args: string[],
  env: Record<string, string | undefined>,
  stdin?: string | Buffer,
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { PATH: process.env['PATH'], ...env } as NodeJS.ProcessEnv,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** A long-running `fastgen` (listen, logs tail) whose output lines are collected as they come. */
export class CliSession {
  readonly lines: string[] = [];
  readonly errLines: string[] = [];
  private readonly child: ChildProcess;
  readonly exited: Promise<number | null>;

  constructor(args: string[], env: Record<string, string | undefined>) {
    this.child = spawn(process.execPath, [CLI_MAIN, ...args], {
      env: { PATH: process.env['PATH'], ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    readline
      .createInterface({ input: this.child.stdout! })
      .on('line', (l) => this.lines.push(l));
    readline
      .createInterface({ input: this.child.stderr! })
      .on('line', (l) => this.errLines.push(l));
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code) => resolve(code)),
    );
  }

  /** The first JSON line matching `match` (the session runs with --json). */
  json<T = any>(
    what: string,
    match: (v: any) => boolean,
    timeoutMs = 30_000,
  ): Promise<T> {
    return waitFor(
      what,
      () =>
        this.lines.map(parse).find((v) => v !== undefined && match(v)) as
          | T
          | undefined,
      timeoutMs,
      20,
    );
  }

  /** Ctrl-C, and the exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill('SIGINT');
    return this.exited;
  }
}

function parse(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/** A TCP proxy in front of the gateway that can cut every connection and refuse new ones. */
export class DroppingProxy {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();
  private refusing = false;

  constructor(private readonly target: URL) {}

  async start(): Promise<string> {
    this.server = net.createServer((client) => {
      if (this.refusing) return client.destroy();
      const upstream = net.connect(
        Number(this.target.port),
        this.target.hostname,
      );
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) =>
      this.server!.listen(0, '127.0.0.1', resolve),
    );
    return `http://127.0.0.1:${(this.server!.address() as net.AddressInfo).port}`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Cuts every open connection and refuses new ones until allow(). */
  drop(): void {
    this.refusing = true;
    for (const s of this.sockets) s.destroy();
  }

  allow(): void {
    this.refusing = false;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}
