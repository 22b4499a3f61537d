// `npm run openapi -- [--out FILE]`: the API's OpenAPI document as the code describes it, built
// without listening (no database or Redis query is made), for linting and for release documents.
import { writeFileSync } from 'node:fs';
import { commandLine, createLogger, loadConfig } from '@vigie/config';
import { openApiDocument } from './cli/openapi-document.ts';

process.exitCode = await commandLine.runProgram(
  {
    name: 'openapi',
    invocation: 'npm run openapi --',
    summary: "Print or write the REST API's OpenAPI document.",
    commands: [
      commandLine.defineCommand({
        name: 'write',
        summary: 'write the document as JSON (stdout by default)',
        options: { out: { type: 'string', valueName: 'FILE', description: 'file to write' } },
        examples: ['npm run openapi -- write --out docs/openapi/v1.1.json'],
        async run(values) {
          const doc = await openApiDocument(loadConfig(), createLogger({ level: 'silent', name: 'openapi' }));
          const text = `${JSON.stringify(doc, null, 2)}\n`;
          if (values.out) writeFileSync(values.out, text);
          else process.stdout.write(text);
        },
      }),
    ],
  },
  process.argv.slice(2),
);
