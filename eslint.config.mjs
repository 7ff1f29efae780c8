import nx from '@nx/eslint-plugin';

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/out-tsc', '**/node_modules', '.local/**', 'docs/verify/**/target/**'] },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          // webpack configs share tools/webpack/service.webpack.cjs (build tooling, not app code).
          allow: ['^.*/eslint(\\.base|\\.package-lib)?\\.config\\.[cm]?[jt]s$', '^(\\.\\./)+tools/webpack/service\\.webpack\\.cjs$'],
          depConstraints: [
            // Apps use libs, never other apps: services talk over Kafka only.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
            // Libs never import apps.
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            // contracts and signing are plain TypeScript: no framework code creeps in.
            {
              sourceTag: 'kind:pure',
              onlyDependOnLibsWithTags: ['kind:pure'],
              bannedExternalImports: ['@nestjs/*', 'typeorm', 'kafkajs', 'nestjs-pino'],
            },
          ],
        },
      ],
    },
  },
];
