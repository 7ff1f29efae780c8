import baseConfig from './eslint.config.mjs';

// The libraries with a package.json of their own (contracts, event-stream, net-policy, sdk,
// signing): the base rules, and every import they make declared in that package.json.
export default [
  ...baseConfig,
  {
    files: ['**/*.json'],
    rules: {
      '@nx/dependency-checks': [
        'error',
        {
          ignoredFiles: ['{projectRoot}/eslint.config.{js,cjs,mjs,ts,cts,mts}'],
        },
      ],
    },
    languageOptions: {
      parser: await import('jsonc-eslint-parser'),
    },
  },
];
