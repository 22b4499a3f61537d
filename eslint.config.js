// The dependency rule of the architecture (HOUSE_STYLE.md): packages are leaves, services compose
// them. contracts, config, calendar (reference data), indicators (the formulas) and outbound (the
// HTTP client of tenant-given URLs) import nothing of Vigie's; the other packages import only those,
// except accept (store + queue, the one accept path of push and pull); the API never imports
// connectors or rollup.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const vigie = (...names) => names.map((n) => `@vigie/${n}`);
// SQL is written in @vigie/store only (HOUSE_STYLE.md rule 5): services reach the database through
// its functions and take its types from it, never from the driver or the query builder.
const sqlOnlyInStore = { group: ['kysely', 'kysely/*', 'pg', 'pg-*'], message: 'SQL lives in @vigie/store: call one of its functions (and import its types from there)' };
const forbid = (names, why, ...more) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: names, message: why }, { group: ['@vigie/*/src/*'], message: 'import a package through its entry point' }, ...more] }],
});

export default tseslint.config(
  { ignores: ['node_modules/', 'coverage/', 'bench-results/', 'services/web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['packages/contracts/**', 'packages/config/**', 'packages/calendar/**', 'packages/indicators/**', 'packages/outbound/**'], rules: forbid(vigie('*'), 'contracts, config, calendar, indicators and outbound import nothing of Vigie') },
  {
    files: ['packages/queue/**', 'packages/store/**', 'packages/connectors/**', 'packages/metrics/**'],
    rules: forbid(vigie('accept', 'queue', 'store', 'rollup', 'connectors', 'metrics', 'api', 'worker'), 'a package imports only @vigie/contracts and @vigie/config'),
  },
  {
    // The one accept path of pushed and pulled events composes the store and the queue (persist,
    // then enqueue), so it is the one package above them; both services import it.
    files: ['packages/accept/**'],
    rules: forbid(vigie('rollup', 'connectors', 'api', 'worker'), 'accept checks, places, persists and queues events: it imports contracts, config, store and queue only'),
  },
  {
    files: ['packages/rollup/**'],
    rules: forbid(vigie('accept', 'queue', 'store', 'connectors', 'api', 'worker'), 'rollup is pure rules: it imports only contracts, config and calendar, and does no I/O'),
  },
  {
    files: ['packages/simulator/**'],
    rules: forbid(vigie('accept', 'queue', 'store', 'rollup', 'connectors', 'api', 'worker'), 'the simulator imports only @vigie/contracts, @vigie/config and @vigie/calendar: it talks to Vigie over HTTP, like a real MDM'),
  },
  {
    // Every call to a URL a tenant gave goes through @vigie/outbound, which refuses internal
    // addresses when connecting (docs/security.md). The simulator is exempt: it is a client of Vigie's own API.
    files: ['packages/*/src/**', 'services/api/src/**', 'services/worker/src/**'],
    ignores: ['packages/outbound/**', 'packages/simulator/**'],
    rules: {
      'no-restricted-globals': ['error', { name: 'fetch', message: 'call out through @vigie/outbound (createOutbound().fetch), which refuses internal addresses' }],
      'no-restricted-syntax': ['error', {
        selector: "ImportDeclaration[source.value=/^(node:)?https$|^undici$/], ImportDeclaration[source.value=/^(node:)?http$/] > ImportDefaultSpecifier, ImportDeclaration[source.value=/^(node:)?http$/] > ImportSpecifier[imported.name=/^(request|get|Agent)$/]",
        message: 'call out through @vigie/outbound, which refuses internal addresses',
      }],
    },
  },
  { files: ['services/api/**'], rules: forbid(vigie('connectors', 'rollup', 'worker'), 'the API reads what the worker wrote; it never runs connectors or rollups', sqlOnlyInStore) },
  { files: ['services/worker/**'], rules: forbid(vigie('api'), 'the worker never imports the API', sqlOnlyInStore) },
  {
    files: ['services/web/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: '@vigie/contracts', message: 'the browser imports @vigie/contracts/web (no Node built-ins)' },
          { name: 'echarts', message: 'import echarts/core and only the charts used (tree-shaking), as charts/echarts.ts does' },
        ],
        patterns: [{ group: vigie('queue', 'store', 'rollup', 'connectors', 'api', 'worker', 'config', 'calendar', 'simulator'), message: 'the dashboard talks to the API over HTTP; it shares only @vigie/contracts/web' }, sqlOnlyInStore],
      }],
    },
  },
);
