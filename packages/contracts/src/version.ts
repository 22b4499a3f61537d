import { z } from 'zod';

/** What `GET /v1/version` says: the release, the API contract, and where the database's schema stands. */
export const VersionInfo = z.object({
  version: z.string().describe('release of Vigie serving this request'),
  api_version: z.string().describe('version of the REST contract (docs/openapi/)'),
  migration_level: z.string().nullable().describe('last migration applied to the database'),
  migrations_shipped: z.string().describe('last migration this release ships'),
  schema_up_to_date: z.boolean().describe('false while an upgrade has not migrated the database yet'),
});
export type VersionInfo = z.infer<typeof VersionInfo>;
