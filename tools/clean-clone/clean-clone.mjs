// A stage of `npm test`: the unit tests again, in a clone of the committed tree inside an empty
// temporary folder (the clone has no sibling folders), so a test, script or doc that reaches
// outside the repository (a sibling folder, a machine path) fails CI instead of passing on a
// developer's machine. It tests what is COMMITTED (HEAD): uncommitted changes are not in the
// clone, and the stage says so when there are any.
//
// Kept fast: node_modules and the build output (dist/, made by the build stage) are symlinked
// from this checkout rather than installed and built again; Nx's cache is not shared, since a
// cache hit would replay a result computed where the outside file existed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A sibling folder of the checkout, or a path inside someone's home directory: neither exists in
// a clone. (The clone itself, run below, catches any other path outside the repository.)
const OUTSIDE_REFERENCE = String.raw`\.\./shared/|/home/[a-z]|/Users/[A-Za-z]`;

function git(args, cwd) {
  const res = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${res.stderr.trim()}`);
  return res.stdout;
}

/** Tracked files naming a path outside the repository (package-lock.json is npm's; this file holds the pattern). */
export function outsideReferences(root) {
  const res = spawnSync('git', ['grep', '-n', '-I', '-E', OUTSIDE_REFERENCE, 'HEAD', '--', '.', ':!package-lock.json', ':!tools/clean-clone/clean-clone.mjs'], { cwd: root, encoding: 'utf8' });
  if (res.status === 1) return []; // no match
  if (res.status !== 0) throw new Error(`git grep failed: ${res.stderr.trim()}`);
  return res.stdout.trim().split('\n');
}

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' } });
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed in the clean clone (exit ${code ?? signal})`))));
  });
}

export async function unitTestsInCleanClone(root) {
  const found = outsideReferences(root);
  if (found.length) throw new Error(`committed files reference paths outside the repository:\n  ${found.join('\n  ')}`);

  const head = git(['rev-parse', 'HEAD'], root).trim();
  const dirty = git(['status', '--porcelain', '--untracked-files=no'], root).trim();
  if (dirty) {
    process.stderr.write(`  note: testing the committed tree ${head.slice(0, 12)}; ${dirty.split('\n').length} uncommitted change(s) are not in the clone\n`);
  }
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'fastgen-clean-clone-'));
  const clone = path.join(parent, 'repo'); // alone in its parent: `../anything` does not exist
  try {
    git(['clone', '--quiet', '--no-checkout', root, clone], parent);
    // HEAD of this checkout, whichever branch or worktree it is (a clone checks out the origin's default).
    git(['checkout', '--quiet', '--detach', head], clone);
    for (const shared of ['node_modules', 'dist']) {
      if (fs.existsSync(path.join(root, shared))) fs.symlinkSync(path.join(root, shared), path.join(clone, shared), 'dir');
    }
    await run('npx', ['nx', 'run-many', '-t', 'test', '--exclude=e2e', '--exclude-task-dependencies', '--skip-nx-cache', '--output-style=static', '--parallel=2'], clone);
  } finally {
    if (process.env.FASTGEN_KEEP_CLONE === '1') process.stderr.write(`  clean clone kept at ${clone}\n`);
    else fs.rmSync(parent, { recursive: true, force: true });
  }
}
