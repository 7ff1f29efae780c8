#!/usr/bin/env node
// Top self-time frames of a .cpuprofile (node --cpu-prof): `node tools/bench/profile-top.mjs <file> [n]`.
import fs from 'node:fs';

export function topFrames(file, n = 15) {
  const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
  const dt = new Map();
  // timeDeltas[i] is the time before sample i: attribute it to that sample's node.
  prof.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  // Shares of busy time: the idle node is left out (a process waiting on I/O is not a bottleneck here).
  const idle = new Set(prof.nodes.filter((x) => x.callFrame.functionName === '(idle)').map((x) => x.id));
  const total = [...dt].reduce((a, [id, us]) => (idle.has(id) ? a : a + us), 0);
  const byFrame = new Map();
  const byPackage = new Map();
  for (const node of prof.nodes) {
    if (idle.has(node.id)) continue;
    const f = node.callFrame;
    const where = f.url ? `${f.url.replace(/^.*\/(node_modules|dist|apps|libs)\//, '$1/')}:${f.lineNumber + 1}` : '';
    const key = `${f.functionName || '(anonymous)'} ${where}`.trim();
    byFrame.set(key, (byFrame.get(key) ?? 0) + (dt.get(node.id) ?? 0));
    const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(f.url)?.[1] ?? (f.url.startsWith('node:') ? 'node core' : f.url ? 'app' : f.functionName);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + (dt.get(node.id) ?? 0));
  }
  const top = (m) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([frame, us]) => ({ frame, self_pct: Math.round((1000 * us) / total) / 10 }));
  return { busy_s: Math.round(total / 1e5) / 10, frames: top(byFrame), packages: top(byPackage) };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const { busy_s, frames, packages } = topFrames(process.argv[2], Number(process.argv[3] ?? 15));
  console.log(`busy ${busy_s} s; self time by package:`);
  for (const { frame, self_pct } of packages) console.log(`${String(self_pct).padStart(5)} %  ${frame}`);
  console.log('top frames (self time):');
  for (const { frame, self_pct } of frames) console.log(`${String(self_pct).padStart(5)} %  ${frame}`);
}
