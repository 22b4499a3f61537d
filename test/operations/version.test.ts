import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrationFiles } from '@vigie/store';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';

const env = useTestEnv();
const [tenant] = useTenants(env, 'version-a');

describe('GET /v1/version', () => {
  it('gives the release, the API contract and the migration level of the database', async () => {
    const res = await env.app.inject({ url: '/v1/version', headers: { authorization: `Bearer ${tenant.connector}` } });
    const last = (await migrationFiles()).at(-1);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      version: JSON.parse(readFileSync('package.json', 'utf8')).version,
      api_version: (await env.app.inject({ url: '/openapi.json' })).json().info.version,
      migration_level: last,
      migrations_shipped: last,
      schema_up_to_date: true,
    });
  });

  it('says so while the database lags behind the release', async () => {
    await sql`DELETE FROM schema_migrations WHERE version = ${(await migrationFiles()).at(-1)}`.execute(env.db);
    const body = (await env.app.inject({ url: '/v1/version', headers: { authorization: `Bearer ${tenant.operator}` } })).json();
    expect(body.schema_up_to_date).toBe(false);
  });

  it('needs a token', async () => {
    expect((await env.app.inject({ url: '/v1/version' })).statusCode).toBe(401);
  });
});
