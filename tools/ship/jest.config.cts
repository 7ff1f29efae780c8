// Offline checks of the shipped artefacts: docker/, docker/k8s/, docs/asyncapi.yaml.
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
  moduleNameMapper: {
    '^@fastgen/contracts$': '<rootDir>/../../libs/contracts/src/index.ts',
    '^@fastgen/platform$': '<rootDir>/../../libs/platform/src/index.ts',
    '^@fastgen/signing$': '<rootDir>/../../libs/signing/src/index.ts',
  },
  testTimeout: 60_000,
};
