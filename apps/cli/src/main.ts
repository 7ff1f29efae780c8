import { runCli } from './program';

// Bootstrap only: the process's streams, Ctrl-C and the exit code.
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
process.once('SIGTERM', () => controller.abort());

// `fastgen ... | head`: a closed pipe ends the command quietly.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

const readStdin = async (): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

void runCli(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  signal: controller.signal,
}).then((code) => {
  process.exitCode = code;
  // A stream or keep-alive socket must not hold the process once the command is done.
  process.stdout.write('', () => process.exit(code));
});
