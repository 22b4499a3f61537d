import type { TestProject } from 'vitest/node';
import pg from 'pg';
import { createDb, prepareDatabase } from '@vigie/store';
import { adminUrl, databaseUrl } from './test-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one template database per run; each test file clones it (CREATE DATABASE ... TEMPLATE). */
export default async function setup(project: TestProject) {
  const name = `vigie_test_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  const db = createDb({ url, poolMax: 2 });
  await prepareDatabase(db, url, 400);
  await db.destroy();
  project.provide('templateDatabase', name);
  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
}
