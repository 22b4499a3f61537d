import { readFileSync } from 'node:fs';

/** Version of the REST contract: its major part changes only with a breaking change (docs/operations.md). */
export const API_VERSION = '1.0.0';

/** The release of Vigie, from the root package.json, read once. */
export const RELEASE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
