/** Stops the stack: services, per-run database and topics. */
export default async function globalTeardown(): Promise<void> {
  const supervisor = globalThis.__FASTGEN_SUPERVISOR__;
  if (!supervisor || supervisor.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    supervisor.once('exit', () => resolve());
    supervisor.kill('SIGTERM');
  });
}
