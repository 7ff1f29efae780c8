#!/usr/bin/env node
// Makes sure Debian's chromium is installed for the dashboard's browser tests (playwright-core
// drives it; no browser download). Idempotent: does nothing when /usr/bin/chromium exists.
// Without root or apt it skips loudly and the browser tests report themselves as skipped.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function ensureChromium() {
  if (fs.existsSync(CHROMIUM))
    return { ok: true, path: CHROMIUM, installed: false };
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = fs.existsSync('/usr/bin/apt-get');
  if (!isRoot || !hasApt) {
    const why = !hasApt ? 'apt-get is not available' : 'not running as root';
    console.warn(
      `\n*** SKIPPING the browser install: ${CHROMIUM} is missing and ${why}. Install Debian's chromium (apt-get install -y chromium) to run the dashboard browser tests. ***\n`,
    );
    return { ok: false, path: CHROMIUM, reason: why };
  }
  console.log(
    `installing chromium with apt-get (once; ${CHROMIUM} is missing)…`,
  );
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let res = spawnSync(
    'apt-get',
    ['install', '-y', '--no-install-recommends', 'chromium'],
    { stdio: 'inherit', env },
  );
  if (res.status !== 0) {
    // A stale package index is the usual cause; refresh it once and try again.
    spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
    res = spawnSync(
      'apt-get',
      ['install', '-y', '--no-install-recommends', 'chromium'],
      { stdio: 'inherit', env },
    );
  }
  if (res.status !== 0 || !fs.existsSync(CHROMIUM)) {
    console.warn(
      `\n*** SKIPPING the browser tests: installing chromium failed (exit ${res.status}). ***\n`,
    );
    return { ok: false, path: CHROMIUM, reason: 'apt-get install failed' };
  }
  return { ok: true, path: CHROMIUM, installed: true };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const r = ensureChromium();
  console.log(
    r.ok
      ? `chromium ready at ${r.path}${r.installed ? ' (installed now)' : ''}`
      : `chromium not available: ${r.reason}`,
  );
}
