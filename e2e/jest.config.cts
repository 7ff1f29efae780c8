// End-to-end tests against the running system: one isolated stack per run (own database,
// topic prefix, consumer groups and ports), started in globalSetup and torn down after.
module.exports = {
  displayName: 'e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  // Decorators on: a test may import a library (for example @fastgen/platform) that holds Nest classes.
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022' } }],
  },
  moduleNameMapper: require('../tools/jest-path-aliases.cjs'),
  globalSetup: '<rootDir>/src/support/global-setup.ts',
  globalTeardown: '<rootDir>/src/support/global-teardown.ts',
  testSequencer: '<rootDir>/src/support/sequencer.cjs',
  testTimeout: 120_000,
};
