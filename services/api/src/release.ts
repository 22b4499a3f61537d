import { readFileSync } from 'node:fs';

/**
 * Version of the REST contract: its major part changes with a breaking change, its minor part with
 * one decided on purpose (openapi/acknowledged-breaks.ts, docs/api.md "Changes").
 */
export const API_VERSION = '1.1.0';

/** The release of Vigie, from the root package.json, read once. */
export const RELEASE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
