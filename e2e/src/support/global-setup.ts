import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

declare global {
  // Read by global-teardown (same process).
  var __FASTGEN_SUPERVISOR__: ChildProcess | undefined;
}

/** Starts tools/stack/supervisor.mjs and hands its description to the tests via the environment. */
export default async function globalSetup(): Promise<void> {
  const supervisor = spawn(process.execPath, [path.join(__dirname, '..', '..', '..', 'tools', 'stack', 'supervisor.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  globalThis.__FASTGEN_SUPERVISOR__ = supervisor;
  const line = await new Promise<string>((resolve, reject) => {
    const rl = readline.createInterface({ input: supervisor.stdout! });
    rl.once('line', resolve);
    supervisor.once('exit', (code) => reject(new Error(`the test stack failed to start (exit ${code})`)));
  });
  process.env['FASTGEN_E2E'] = line;
}
