import {
  Command,
  CommanderError,
  InvalidArgumentError,
  Option,
} from 'commander';
import { ApiClient } from './api-client';
import { listen } from './commands/listen';
import { listEndpoints } from './commands/endpoints';
import { tailLogs } from './commands/logs';
import { trigger } from './commands/trigger';
import { verify } from './commands/verify';
import { CliError, ExitCode } from './exit-codes';
import { Output } from './output';

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  readStdin: () => Promise<Buffer>;
  /** Aborted on Ctrl-C: long-running commands (listen, logs tail) end cleanly. */
  signal: AbortSignal;
}

const EXIT_CODES_HELP = `
Exit codes: 0 ok, 1 verification failed, 2 usage error, 3 no/invalid/forbidden API key
(including a production key for listen), 4 request refused by the API, 5 gateway unreachable or failing.

Environment: FASTGEN_API_KEY (or --api-key), FASTGEN_API_URL (default http://127.0.0.1:3000).`;

const list = (value: string): string[] =>
  value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const positiveInt = (value: string): number => {
  if (!/^\d+$/.test(value))
    throw new InvalidArgumentError('must be a whole number');
  return Number(value);
};

/** Runs the CLI with these arguments (without `node` and the script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.OK;
  const program = new Command('fastgen')
    .description(
      'Fastgen Webhooks from the terminal: receive webhooks locally, send events, read the delivery log.',
    )
    .addOption(
      new Option('--api-key <key>', 'API key (fg_dev_... or fg_prod_...)').env(
        'FASTGEN_API_KEY',
      ),
    )
    .addOption(
      new Option('--api-url <url>', 'gateway URL')
        .env('FASTGEN_API_URL')
        .default('http://127.0.0.1:3000'),
    )
    .option('--json', 'print results as JSON, one object per line', false)
    .addHelpText('after', EXIT_CODES_HELP)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .exitOverride()
    .showHelpAfterError('(fastgen --help for usage)');

  const context = () => {
    const opts = program.opts<{
      apiKey?: string;
      apiUrl: string;
      json: boolean;
    }>();
    return {
      api: new ApiClient({ apiKey: opts.apiKey, apiUrl: opts.apiUrl }),
      out: new Output(opts.json, io.stdout, io.stderr),
    };
  };

  program
    .command('listen')
    .description(
      'forward every event of the development environment to a local URL, signed, and log each forward',
    )
    .requiredOption(
      '--forward-to <url>',
      'where to POST each event, e.g. http://localhost:8080/hooks',
    )
    .option(
      '--events <names>',
      'only these event names, comma-separated',
      list,
      [],
    )
    .option(
      '--secret <whsec>',
      'sign with this secret instead of a new one per session',
    )
    .option(
      '--timeout <ms>',
      'how long to wait for the local server',
      positiveInt,
      15_000,
    )
    .action(
      async (o: {
        forwardTo: string;
        events: string[];
        secret?: string;
        timeout: number;
      }) => {
        const { api, out } = context();
        await listen(
          api,
          out,
          {
            forwardTo: o.forwardTo,
            events: o.events,
            secret: o.secret,
            timeoutMs: o.timeout,
          },
          io.signal,
        );
      },
    );

  program
    .command('trigger')
    .description(
      'send an event to every subscribed endpoint (and to listening CLIs)',
    )
    .argument('<event>', 'event name, e.g. order.paid')
    .option(
      '--payload <json>',
      'the payload as JSON, or @file.json (default {})',
    )
    .option('--idempotency-key <key>', 'the same key within 24 h delivers once')
    .action(
      async (
        event: string,
        o: { payload?: string; idempotencyKey?: string },
      ) => {
        const { api, out } = context();
        await trigger(api, out, event, o);
      },
    );

  program
    .command('endpoints')
    .description('endpoints of the environment')
    .command('ls')
    .description('list the endpoints, with their success rate over 24 hours')
    .action(async () => {
      const { api, out } = context();
      await listEndpoints(api, out);
    });

  program
    .command('logs')
    .description('the delivery log')
    .command('tail')
    .description('print delivery attempts as they happen')
    .option(
      '--status <status>',
      'only deliveries in this state: pending, succeeded, retrying, failed',
    )
    .option(
      '--events <names>',
      'only these event names, comma-separated',
      list,
      [],
    )
    .action(async (o: { status?: string; events: string[] }) => {
      const { api, out } = context();
      await tailLogs(api, out, o, io.signal);
    });

  program
    .command('verify')
    .description(
      'check the signatures of a saved webhook request read from stdin (request line optional, headers, empty line, body)',
    )
    .requiredOption('--secret <whsec>', "the endpoint's signing secret")
    .option(
      '--tolerance <seconds>',
      'accepted age of webhook-timestamp',
      positiveInt,
    )
    .action(async (o: { secret: string; tolerance?: number }) => {
      const { out } = context();
      exitCode = verify(out, await io.readStdin(), o);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.code === 'commander.helpDisplayed' ||
        err.code === 'commander.version' ||
        err.code === 'commander.help'
        ? ExitCode.OK
        : ExitCode.USAGE;
    }
    if (err instanceof CliError) {
      io.stderr.write(`fastgen: ${err.message}\n`);
      return err.exitCode;
    }
    io.stderr.write(
      `fastgen: unexpected error: ${(err as Error).stack ?? String(err)}\n`,
    );
    return ExitCode.FAILED;
  }
}
