// Jest moduleNameMapper for every `@fastgen/*` library, read from tsconfig.base.json so a new
// library needs no edit here (for Jest configs that do not use the Nx preset's resolver).
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8'));

module.exports = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, path.join(root, target)]),
);
