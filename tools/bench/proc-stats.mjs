// CPU time and memory of a process from /proc (Linux): utime+stime in seconds, VmRSS and VmHWM
// (peak resident set since the process started) in MiB.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

// USER_HZ is 100 on every mainstream Linux; ask getconf in case this one differs.
let ticks = 100;
try {
  ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
} catch {
  // keep 100
}

export function sample(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuS = (Number(fields[11]) + Number(fields[12])) / ticks;
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuS, rssMiB: kb('VmRSS') / 1024, hwmMiB: kb('VmHWM') / 1024 };
  } catch {
    return null; // the process is gone
  }
}

/** The broker's pid: this checkout's pid file, else any running kafka.Kafka JVM. */
export function brokerPid(stateDir) {
  const file = path.join(stateDir, 'kafka', 'kafka.pid');
  if (fs.existsSync(file)) {
    const pid = Number(fs.readFileSync(file, 'utf8'));
    if (sample(pid)) return pid;
  }
  try {
    const out = execFileSync('pgrep', ['-f', 'kafka\\.Kafka'], { encoding: 'utf8' }).trim().split('\n').map(Number).filter(Boolean);
    return out[0] ?? null;
  } catch {
    return null;
  }
}

/** The local Postgres server's processes (postmaster and backends): every process named postgres. */
export function postgresPids() {
  try {
    return execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).trim().split('\n').map(Number).filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Samples a set of named processes every `intervalMs` and keeps the RSS series. A name may stand
 * for a group (a function listing its pids, e.g. Postgres and its backends): its CPU is the sum
 * over the group, counting a process that appeared during the window from zero; its RSS is not
 * reported (shared memory would be counted once per backend).
 */
export class ProcSampler {
  constructor(pids, intervalMs = 2_000) {
    this.pids = pids; // { name: pid | () => pid[] }
    this.series = Object.fromEntries(Object.keys(pids).map((n) => [n, []]));
    this.intervalMs = intervalMs;
  }

  snapshot() {
    return Object.fromEntries(Object.entries(this.pids).map(([n, pid]) => [n, typeof pid === 'function' ? sampleGroup(pid()) : sample(pid)]));
  }

  start() {
    this.startedAt = Date.now();
    this.first = this.snapshot();
    this.timer = setInterval(() => {
      const t = (Date.now() - this.startedAt) / 1000;
      for (const [n, s] of Object.entries(this.snapshot())) if (s) this.series[n].push([t, s.rssMiB]);
    }, this.intervalMs);
    this.timer.unref();
  }

  /** Per process: CPU seconds over the window, CPU share of one core, peak and end RSS, RSS growth. */
  stop() {
    clearInterval(this.timer);
    const seconds = (Date.now() - this.startedAt) / 1000;
    const last = this.snapshot();
    const out = {};
    for (const [n, end] of Object.entries(last)) {
      const begin = this.first[n];
      if (!begin || !end) {
        out[n] = null;
        continue;
      }
      if (end.group) {
        let cpuS = 0;
        for (const [pid, s] of end.group) cpuS += s.cpuS - (begin.group.get(pid)?.cpuS ?? 0);
        out[n] = { pids: end.group.size, cpu_s: round(cpuS, 2), cpu_pct: round((100 * cpuS) / seconds, 1), rss_start_mib: null, rss_end_mib: null, peak_rss_mib: null, rss_growth_pct: null };
        continue;
      }
      const series = this.series[n];
      out[n] = {
        pid: this.pids[n],
        cpu_s: round(end.cpuS - begin.cpuS, 2),
        cpu_pct: round((100 * (end.cpuS - begin.cpuS)) / seconds, 1),
        rss_start_mib: round(begin.rssMiB, 1),
        rss_end_mib: round(end.rssMiB, 1),
        peak_rss_mib: round(end.hwmMiB, 1),
        rss_growth_pct: rssGrowth(series),
        // "seconds:MiB" pairs over the window: tells a saw-tooth (a heap collecting) from a climb.
        rss_series_mib: series.map(([t, v]) => `${round(t, 0)}:${round(v, 0)}`).join(' '),
      };
    }
    return out;
  }
}

function sampleGroup(pids) {
  const group = new Map();
  for (const pid of pids) {
    const s = sample(pid);
    if (s) group.set(pid, s);
  }
  return group.size > 0 ? { group, rssMiB: 0 } : null;
}

// Growth after warm-up: mean RSS of the last tenth of the samples against the mean of the second
// tenth (the first tenth is start-up and JIT warm-up, not a leak).
function rssGrowth(series) {
  if (series.length < 20) return null;
  const tenth = Math.floor(series.length / 10);
  const mean = (xs) => xs.reduce((a, [, v]) => a + v, 0) / xs.length;
  const early = mean(series.slice(tenth, 2 * tenth));
  const late = mean(series.slice(-tenth));
  return round((100 * (late - early)) / early, 1);
}

export const round = (x, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? null : Math.round(x * 10 ** digits) / 10 ** digits);
