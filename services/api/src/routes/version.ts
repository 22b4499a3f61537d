import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ApiError, VersionInfo } from '@vigie/contracts';
import { databaseInventory, migrationFiles } from '@vigie/store';
import type { AppDeps } from '../app-deps.ts';
import { API_VERSION, RELEASE_VERSION } from '../release.ts';

export async function versionRoutes(app: FastifyInstance, deps: AppDeps) {
  const shipped = (await migrationFiles()).at(-1)!;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/version',
    {
      schema: {
        tags: ['health'],
        summary: 'Release, API contract and database schema level',
        response: { 200: VersionInfo, 401: ApiError },
      },
    },
    async () => {
      const level = await databaseInventory.migrationLevel(deps.db);
      return {
        version: RELEASE_VERSION,
        api_version: API_VERSION,
        migration_level: level,
        migrations_shipped: shipped,
        schema_up_to_date: level !== null && level >= shipped,
      };
    },
  );
}
