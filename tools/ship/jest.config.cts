// Offline checks of the shipped artefacts: docker/ (Dockerfile, image layout, compose, Helm chart), docs/asyncapi.yaml.
module.exports = {
  displayName: 'ship',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
        },
      },
    ],
  },
  moduleNameMapper: require('../jest-path-aliases.cjs'),
  testTimeout: 60_000,
};
