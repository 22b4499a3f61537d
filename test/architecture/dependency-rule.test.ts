import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The dependency rule of eslint.config.js is the architecture: connectors never write to the store
// or the queue, and the API never runs connectors.
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
const errorsOf = async (filePath: string, code: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId === 'no-restricted-imports').length;
/** A module that imports `name` from `pkg` and uses it. */
const importing = (name: string, pkg: string) => `import { ${name} } from '${pkg}';\nexport const x = ${name};\n`;

describe('dependency rule', () => {
  it('lets connectors import contracts and config only', async () => {
    expect(await errorsOf('packages/connectors/src/x.ts', importing('checkEvent', '@vigie/contracts'))).toBe(0);
    expect(await errorsOf('packages/connectors/src/x.ts', importing('sources', '@vigie/store'))).toBe(1);
    expect(await errorsOf('packages/connectors/src/x.ts', importing('enqueue', '@vigie/queue'))).toBe(1);
  });

  it('keeps connectors out of the API', async () => {
    expect(await errorsOf('services/api/src/routes/x.ts', importing('connectorFor', '@vigie/connectors'))).toBe(1);
    expect(await errorsOf('services/worker/src/x.ts', importing('connectorFor', '@vigie/connectors'))).toBe(0);
  });

  it('gives push and pull one accept path, which never runs connectors', async () => {
    const accept =
      "import { enqueue } from '@vigie/queue';\nimport { ingestBatches } from '@vigie/store';\nexport const x = [enqueue, ingestBatches];\n";
    expect(await errorsOf('packages/accept/src/x.ts', accept)).toBe(0);
    expect(await errorsOf('packages/accept/src/x.ts', importing('connectorFor', '@vigie/connectors'))).toBe(1);
    expect(await errorsOf('services/api/src/routes/x.ts', importing('eventAcceptor', '@vigie/accept'))).toBe(0);
    expect(await errorsOf('packages/store/src/x.ts', importing('eventAcceptor', '@vigie/accept'))).toBe(1);
  });

  it('keeps rollup pure and out of the API and the store', async () => {
    expect(
      await errorsOf(
        'packages/rollup/src/x.ts',
        "import { shippedHolidayPeriods } from '@vigie/calendar';\nimport { RollupDefaults } from '@vigie/contracts';\nexport const x = [shippedHolidayPeriods, RollupDefaults];\n",
      ),
    ).toBe(0);
    expect(await errorsOf('packages/rollup/src/x.ts', importing('deviceDays', '@vigie/store'))).toBe(1);
    expect(await errorsOf('packages/rollup/src/x.ts', importing('enqueue', '@vigie/queue'))).toBe(1);
    expect(await errorsOf('packages/store/src/x.ts', importing('decideActivity', '@vigie/rollup'))).toBe(1);
    expect(await errorsOf('services/api/src/routes/x.ts', importing('decideActivity', '@vigie/rollup'))).toBe(1);
    expect(await errorsOf('services/worker/src/x.ts', importing('decideActivity', '@vigie/rollup'))).toBe(0);
  });

  it('gives the API and the worker one home for the formulas, which imports nothing of Vigie', async () => {
    expect(await errorsOf('services/api/src/routes/x.ts', importing('rates', '@vigie/indicators'))).toBe(0);
    expect(await errorsOf('services/worker/src/x.ts', importing('rates', '@vigie/indicators'))).toBe(0);
    expect(await errorsOf('packages/indicators/src/x.ts', importing('RollupDefaults', '@vigie/contracts'))).toBe(1);
  });
});

describe('SQL only in the store', () => {
  it("refuses kysely and pg in the services, and takes the store's types from @vigie/store", async () => {
    expect(await errorsOf('services/worker/src/x.ts', importing('sql', 'kysely'))).toBe(1);
    expect(await errorsOf('services/api/src/routes/x.ts', "import type { Kysely } from 'kysely';\nexport type X = Kysely<never>;\n")).toBe(
      1,
    );
    expect(await errorsOf('services/api/src/x.ts', "import pg from 'pg';\nexport const x = pg;\n")).toBe(1);
    expect(
      await errorsOf(
        'services/worker/src/x.ts',
        "import { syncLock, type Db } from '@vigie/store';\nexport const x: [typeof syncLock, Db | null] = [syncLock, null];\n",
      ),
    ).toBe(0);
    expect(
      await errorsOf('packages/store/src/x.ts', "import { sql } from 'kysely';\nimport pg from 'pg';\nexport const x = [sql, pg];\n"),
    ).toBe(0);
  });
});
