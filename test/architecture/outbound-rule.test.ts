import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Only @vigie/outbound opens connections to URLs tenants gave: anything else would skip its check
// of every resolved address (docs/security.md, "Internal addresses").
const eslint = new ESLint({ cwd: new URL('../..', import.meta.url).pathname });
const RULES = new Set(['no-restricted-globals', 'no-restricted-syntax']);
const errorsOf = async (filePath: string, code: string) =>
  (await eslint.lintText(code, { filePath }))[0]!.messages.filter((m) => m.ruleId && RULES.has(m.ruleId)).length;

const bareFetch = "export const x = () => fetch('https://example.org');\n";
const undici = "import { request } from 'undici';\nexport const x = request;\n";
const https = "import https from 'node:https';\nexport const x = https;\n";
const httpRequest = "import { request } from 'node:http';\nexport const x = request;\n";
const httpServer = "import { createServer } from 'node:http';\nexport const x = createServer;\n";

describe('outbound rule', () => {
  it.each(['packages/connectors/src/x.ts', 'services/worker/src/notify/x.ts', 'services/api/src/routes/x.ts', 'packages/accept/src/x.ts'])(
    'refuses a bare fetch, undici, https or http.request in %s',
    async (file) => {
      for (const code of [bareFetch, undici, https, httpRequest]) expect(await errorsOf(file, code)).toBe(1);
    },
  );

  it('lets @vigie/outbound open connections, and servers listen anywhere', async () => {
    for (const code of [bareFetch, https, httpRequest]) expect(await errorsOf('packages/outbound/src/x.ts', code)).toBe(0);
    expect(await errorsOf('packages/metrics/src/x.ts', httpServer)).toBe(0);
  });
});
