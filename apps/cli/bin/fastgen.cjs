#!/usr/bin/env node
// `npx fastgen` inside the repository: the built CLI (npx nx build cli), or else the sources.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const built = join(__dirname, '../../../dist/apps/cli/main.js');
if (existsSync(built)) {
  require(built);
} else {
  process.env.SWC_NODE_PROJECT ??= join(
    __dirname,
    '../../../tsconfig.base.json',
  );
  require('@swc-node/register');
  require('../src/main.ts');
}
