import { createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { commandLine } from '@vigie/config';
import { progressBar } from '@vigie/simulator';
import { auditEvents, tenantData, type Db } from '@vigie/store';
import { cliActor } from './cli-actor.ts';
import { defineTenantCommand, withTenant } from './tenant-command.ts';

const { requireOption, UsageError } = commandLine;

/** What `tenant-export` writes beside the table files: whose rows, when, and how many per table. */
export interface TenantExportManifest {
  format: 'vigie-tenant-export-1';
  tenant: { id: string; code: string };
  created_at: string;
  /** schema.table → rows written to schema.table.jsonl */
  row_counts: Record<string, number>;
}

async function writeTable(db: Db, table: tenantData.TenantTable, tenantId: string, file: string, onRows: (n: number) => void) {
  const out = createWriteStream(file);
  let rows = 0;
  await tenantData.exportRows(db, table, tenantId, async (lines) => {
    rows += lines.length;
    onRows(lines.length);
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  });
  out.end();
  await once(out, 'finish');
  return rows;
}

/** Writes every row of the tenant, one JSON Lines file per table, and a manifest of the counts. */
export async function exportTenant(db: Db, tenant: { id: string; code: string }, dir: string): Promise<TenantExportManifest> {
  const tables = await tenantData.tables(db);
  const expected = new Map<string, number>();
  for (const t of tables) expected.set(t.name, await tenantData.count(db, t, tenant.id));
  const bar = progressBar(
    'tenant-export',
    [...expected.values()].reduce((a, b) => a + b, 0),
    'rows',
  );
  let done = 0;
  const manifest: TenantExportManifest = { format: 'vigie-tenant-export-1', tenant, created_at: new Date().toISOString(), row_counts: {} };
  for (const t of tables) {
    manifest.row_counts[t.name] = await writeTable(db, t, tenant.id, path.join(dir, `${t.name}.jsonl`), (n) =>
      bar.update((done += n), t.name),
    );
  }
  bar.finish();
  writeFileSync(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

export const tenantExport = defineTenantCommand({
  name: 'tenant-export',
  summary: 'write every row of one tenant, one file per table, before it leaves (offboarding)',
  details: [
    "Writes DIR/<schema>.<table>.jsonl (one JSON object per row, every table holding the tenant's rows, empty",
    'ones included) and DIR/manifest.json (tenant, date, row count per table); each table is read in one',
    'consistent snapshot. Then `tenant-purge` removes the tenant (docs/privacy.md, "Offboarding").',
  ],
  options: { to: { type: 'string', valueName: 'DIR', description: 'a new or empty directory' } },
  examples: ['npm run vigie -- tenant-export --tenant d077 --to /var/exports/d077-2026-12-07'],
  async run(values, code) {
    const dir = path.resolve(requireOption(values, 'to'));
    if (existsSync(dir) && readdirSync(dir).length > 0)
      throw new UsageError(`--to ${dir} is not empty: an export goes into a new directory`);
    mkdirSync(dir, { recursive: true });
    await withTenant(code, async (db, tenant) => {
      const manifest = await exportTenant(db, { id: tenant.id, code: tenant.code }, dir);
      const counts = Object.values(manifest.row_counts);
      await auditEvents.append(db, tenant.id, cliActor(), {
        action: 'tenant.exported',
        details: { tables: counts.length, rows: counts.reduce((a, b) => a + b, 0) },
      });
      console.log(`tenant ${code}: ${counts.reduce((a, b) => a + b, 0)} rows from ${counts.length} tables written to ${dir}`);
    });
  },
});

export const tenantPurge = defineTenantCommand({
  name: 'tenant-purge',
  summary: 'remove every row of one tenant from every table, and its BI logins (offboarding; irreversible)',
  details: [
    'Drops the PostgreSQL roles bi-user created for it (their sessions ended, as bi-user-revoke does), then',
    'deletes in one transaction (an interrupted purge leaves the rows whole). --confirm must repeat the',
    'tenant code. Export first with tenant-export;',
    'backups taken before still hold the tenant until they expire (docs/privacy.md).',
  ],
  options: { confirm: { type: 'string', valueName: 'CODE', description: 'the tenant code again, to confirm' } },
  examples: ['npm run vigie -- tenant-purge --tenant d077 --confirm d077'],
  async run(values, code) {
    if (values.confirm !== code) throw new UsageError(`--confirm must repeat the tenant code "${code}": nothing was removed`);
    await withTenant(code, async (db, tenant) => {
      const { deleted, roles } = await tenantData.purge(db, tenant.id);
      const tables = Object.entries(deleted).filter(([, n]) => n > 0);
      // On the platform chain: the tenant's own chain is gone with it.
      await auditEvents.append(db, null, cliActor(), {
        action: 'tenant.purged',
        target: { kind: 'tenant', id: tenant.id },
        details: { code, rows: tables.reduce((a, [, n]) => a + n, 0), bi_logins: roles.length },
      });
      for (const [table, n] of tables) console.log(`  ${table}: ${n}`);
      console.log(
        `tenant ${code} removed: ${tables.reduce((a, [, n]) => a + n, 0)} rows from ${tables.length} tables, ${roles.length} BI logins dropped`,
      );
    });
  },
});
