// What each image holds, one source of truth for docker/Dockerfile (which runs this file in its
// build stage to stage the files) and for `npx nx test ship` (which checks the same list against
// the local dist/ without a Docker engine, so a file the image would miss fails `npm test`).
//
// The image mirrors dist/apps/: /app/<app>/main.js, and for the gateway /app/dashboard, which is
// where the gateway looks by default (dist/apps/dashboard beside dist/apps/gateway).
//
//   node docker/image-layout.cjs <app> <out dir>   copies the files of <app> into <out dir>
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const APPS = ['gateway', 'config', 'dispatcher', 'log'];

/** Entries of <app>'s image: `from` in the repository (after `nx build`), `to` under /app. */
function imageLayout(app) {
  if (!APPS.includes(app)) throw new Error(`unknown app "${app}" (one of ${APPS.join(', ')})`);
  const entries = [
    // package.json + package-lock.json: the packages webpack left external, installed with npm ci.
    ...['package.json', 'package-lock.json', 'main.js', 'main.js.map'].map((f) => ({ from: `dist/apps/${app}/${f}`, to: `${app}/${f}` })),
  ];
  // The dashboard is served by the gateway at /; the other images do not carry it.
  if (app === 'gateway') entries.push({ from: 'dist/apps/dashboard', to: 'dashboard', dir: true, required: ['index.html'] });
  return entries;
}

/** Problems with <app>'s layout in the build output under `root`: missing files, assets index.html names but lacks. */
function layoutProblems(app, root = ROOT) {
  const problems = [];
  for (const entry of imageLayout(app)) {
    const from = path.join(root, entry.from);
    if (!fs.existsSync(from)) {
      problems.push(`${entry.from} is missing`);
      continue;
    }
    if (!!entry.dir !== fs.statSync(from).isDirectory()) problems.push(`${entry.from} should be a ${entry.dir ? 'folder' : 'file'}`);
    for (const f of entry.required ?? []) if (!fs.existsSync(path.join(from, f))) problems.push(`${entry.from}/${f} is missing`);
    if (entry.to === 'dashboard' && fs.existsSync(path.join(from, 'index.html'))) {
      // Every /assets/... the page loads must be in the folder, or the browser gets a 404.
      const html = fs.readFileSync(path.join(from, 'index.html'), 'utf8');
      for (const [, ref] of html.matchAll(/(?:src|href)="\/([^"]+)"/g)) {
        if (!fs.existsSync(path.join(from, ref))) problems.push(`${entry.from}/${ref} (named by index.html) is missing`);
      }
    }
  }
  return problems;
}

function stage(app, outDir) {
  const problems = layoutProblems(app);
  if (problems.length) throw new Error(`the image of ${app} cannot be assembled:\n  ${problems.join('\n  ')}`);
  for (const entry of imageLayout(app)) {
    const to = path.join(outDir, entry.to);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.cpSync(path.join(ROOT, entry.from), to, { recursive: true });
  }
}

module.exports = { APPS, imageLayout, layoutProblems };

if (require.main === module) {
  const [app, outDir] = process.argv.slice(2);
  if (!app || !outDir) {
    console.error('usage: node docker/image-layout.cjs <app> <out dir>');
    process.exit(2);
  }
  try {
    stage(app, path.resolve(outDir));
  } catch (err) {
    console.error(err.message);
    process.exit(1);
  }
}
