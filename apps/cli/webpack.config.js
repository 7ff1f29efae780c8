// The `fastgen` CLI: one self-contained main.js (every dependency bundled, so the npm package has
// none) in dist/apps/cli, with the package.json that makes `npm pack` there a publishable package.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { BannerPlugin, sources } = require('webpack');
const { join } = require('node:path');

const VERSION = require('./package.json').version;

const packageJson = {
  name: 'fastgen',
  version: VERSION,
  description:
    'The Fastgen Webhooks CLI: forward webhooks to localhost, send events, tail the delivery log, verify signatures.',
  license: 'MIT',
  bin: { fastgen: 'main.js' },
  files: ['main.js', 'README.md'],
  engines: { node: '>=20.19' },
};

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/cli'), clean: true },
  plugins: [
    new NxAppWebpackPlugin({
      target: 'node',
      compiler: 'tsc',
      main: './src/main.ts',
      tsConfig: './tsconfig.app.json',
      optimization: false,
      outputHashing: 'none',
      externalDependencies: 'none',
      generatePackageJson: false,
      sourceMap: false,
    }),
    new BannerPlugin({
      banner: '#!/usr/bin/env node',
      raw: true,
      entryOnly: true,
    }),
    {
      apply(compiler) {
        compiler.hooks.thisCompilation.tap(
          'fastgen-cli-package',
          (compilation) => {
            compilation.hooks.processAssets.tap(
              {
                name: 'fastgen-cli-package',
                stage: compilation.constructor.PROCESS_ASSETS_STAGE_ADDITIONAL,
              },
              () => {
                compilation.emitAsset(
                  'package.json',
                  new sources.RawSource(
                    `${JSON.stringify(packageJson, null, 2)}\n`,
                  ),
                );
                compilation.emitAsset(
                  'README.md',
                  new sources.RawSource(
                    require('node:fs').readFileSync(
                      join(__dirname, 'README.md'),
                    ),
                  ),
                );
              },
            );
          },
        );
      },
    },
  ],
};
