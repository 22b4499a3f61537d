// The dependency rule of the architecture (HOUSE_STYLE.md): packages are leaves, services compose
// them. contracts, config and calendar (reference data) import nothing of Vigie's; the other
// packages import only those three; the API never imports connectors or rollup.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vigie = (...names) => names.map((n) => `@vigie/${n}`);
const forbid = (names, why) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: names, message: why }, { group: ['@vigie/*/src/*'], message: 'import a package through its entry point' }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'bench-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['packages/contracts/**', 'packages/config/**', 'packages/calendar/**'], rules: forbid(vigie('*'), 'contracts, config and calendar import nothing of Vigie') },
  {
    files: ['packages/queue/**', 'packages/store/**', 'packages/connectors/**', 'packages/metrics/**'],
    rules: forbid(vigie('queue', 'store', 'rollup', 'connectors', 'metrics', 'api', 'worker'), 'a package imports only @vigie/contracts and @vigie/config'),
  },
  {
    files: ['packages/rollup/**'],
    rules: forbid(vigie('queue', 'store', 'connectors', 'api', 'worker'), 'rollup is pure rules: it imports only contracts, config and calendar, and does no I/O'),
  },
  {
    files: ['packages/simulator/**'],
    rules: forbid(vigie('queue', 'store', 'rollup', 'connectors', 'api', 'worker'), 'the simulator imports only @vigie/contracts, @vigie/config and @vigie/calendar: it talks to Vigie over HTTP, like a real MDM'),
  },
  { files: ['services/api/**'], rules: forbid(vigie('connectors', 'rollup', 'worker'), 'the API reads what the worker wrote; it never runs connectors or rollups') },
  { files: ['services/worker/**'], rules: forbid(vigie('api'), 'the worker never imports the API') },
);
