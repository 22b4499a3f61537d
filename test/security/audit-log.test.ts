import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { apiTokens, auditEvents, tenants } from '@vigie/store';
import { createLoginLink } from '../../services/api/src/sign-in/login-link.ts';
import { purgeJournal } from '../../services/worker/src/jobs/purge-journal.ts';
import { asPerson, useLink } from '../sign-in/session-client.ts';
import { useTenants, useTestEnv } from '../setup/use-test-env.ts';
import { runVigie } from '../setup/run-cli.ts';
const ADDRESS = '203.0.113.7';

const env = useTestEnv({ env: { SECRETS_KEY: randomBytes(32).toString('hex') } });
const [a, b] = useTenants(env, 'auda', 'audb');

const as = (token: string) => ({ authorization: `Bearer ${token}` });
const sourceBody = (name: string) => ({
  name,
  kind: 'jamf_school',
  base_url: 'https://ecoles.jamfcloud.com/api',
  credentials: { network_id: 'n1', api_key: 'k-secret-value' },
});
const journal = async (token: string, query = '') => (await env.app.inject({ url: `/v1/audit${query}`, headers: as(token) })).json();

/** `npm run vigie -- ...` against this file's database: exit code and output. */
const cli = (...args: string[]) => runVigie(args, env.env);
const verifyCli = (...args: string[]) => cli('audit', 'verify', ...args);

describe('the journal records who did what', () => {
  it('records a source created, changed (credentials named, never their value) and deleted, with the token, its name and address', async () => {
    const created = await env.app.inject({
      method: 'POST',
      url: '/v1/sources',
      headers: as(a.operator),
      payload: sourceBody('jamf-a'),
      remoteAddress: ADDRESS,
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    await env.app.inject({
      method: 'PATCH',
      url: `/v1/sources/${id}`,
      headers: as(a.operator),
      payload: { enabled: false, credentials: { network_id: 'n2', api_key: 'k-other-secret' } },
      remoteAddress: ADDRESS,
    });
    expect(
      (await env.app.inject({ method: 'DELETE', url: `/v1/sources/${id}`, headers: as(a.operator), remoteAddress: ADDRESS })).statusCode,
    ).toBe(204);

    const { items } = await journal(a.operator, `?target_id=${id}`);
    expect(items.map((e: { action: string }) => e.action)).toEqual([
      'source.deleted',
      'source.credentials_changed',
      'source.updated',
      'source.created',
    ]);
    const token = await sql<{ id: string }>`SELECT id FROM api_tokens WHERE tenant_id = ${a.tenantId} AND name = 'dsi'`.execute(env.db);
    for (const event of items) expect(event.actor).toEqual({ kind: 'token', id: token.rows[0]!.id, name: 'dsi', address: ADDRESS });
    expect(items[2].details).toEqual({ name: 'jamf-a', changed: ['enabled'] });
    expect(JSON.stringify(items)).not.toContain('secret');
  });

  it("records a person's session opened and closed, with the session as actor", async () => {
    const link = await createLoginLink(env.db, env.config, { tenantCode: 'auda', role: 'operator', name: 'Camille (DSI)' });
    const { cookie } = await useLink(env.app, link.url);
    const person = asPerson(env.app, cookie!);
    const { csrfToken } = (await person.get('/v1/session')).json();
    expect((await person.write('POST', '/v1/session/logout', undefined, csrfToken)).statusCode).toBe(200);
    const opened = (await journal(a.operator, '?action=session.opened')).items;
    const closed = (await journal(a.operator, '?action=session.closed')).items;
    expect(opened).toHaveLength(1);
    expect(opened[0].actor).toMatchObject({ kind: 'session', name: 'Camille (DSI)' });
    expect(opened[0].details).toMatchObject({ role: 'operator', method: 'link' });
    expect(closed[0].actor.id).toBe(opened[0].actor.id);
    expect(closed[0].target).toEqual({ kind: 'session', id: opened[0].actor.id });
  });

  it('records a token created by the CLI with the CLI as actor, and never the token', { timeout: 60_000 }, async () => {
    const out = await cli('token-create', '--tenant', 'auda', '--role', 'partner', '--name', 'academie');
    expect(out.code, out.stderr).toBe(0);
    const [event] = (await journal(a.operator, '?action=token.created')).items;
    expect(event.actor).toMatchObject({ kind: 'cli', id: null, address: null });
    expect(event.actor.name).toMatch(/^cli:/);
    expect(event.details).toEqual({ name: 'academie', role: 'partner', uais: 0 });
    expect(JSON.stringify(event)).not.toContain(out.stdout.trim());
  });

  it('writes nothing for a refused change', async () => {
    const before = (await journal(a.operator, '?limit=500')).items.length;
    const refused = await env.app.inject({
      method: 'PATCH',
      url: '/v1/settings',
      headers: as(a.operator),
      payload: { no_such_setting: 1 },
    });
    expect(refused.statusCode).toBe(400);
    expect((await journal(a.operator, '?limit=500')).items.length).toBe(before);
  });
});

describe('GET /v1/audit and /v1/audit.csv', () => {
  it('filters by action and actor, and pages every event exactly once, newest first', async () => {
    const all = (await journal(a.operator, '?limit=500')).items as { seq: number; action: string; actor: { name: string } }[];
    expect(all.length).toBeGreaterThanOrEqual(6);
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { seq: number }[]; next_cursor: string | null } = await journal(
        a.operator,
        `?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((e) => e.seq));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.seq));
    expect(seen).toEqual([...seen].sort((x, y) => y - x));
    const byPerson = (await journal(a.operator, `?actor=${encodeURIComponent('Camille (DSI)')}`)).items;
    expect(byPerson.map((e: { action: string }) => e.action).sort()).toEqual(['session.closed', 'session.opened']);
    const future = (await journal(a.operator, `?from=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`)).items;
    expect(future).toEqual([]);
  });

  it('refuses bad filters with a 400 naming the field', async () => {
    for (const [query, field] of [
      ['?action=DROP TABLE', 'action'],
      ['?cursor=abc', 'cursor'],
      ['?limit=0', 'limit'],
    ] as const) {
      const res = await env.app.inject({ url: `/v1/audit${query}`, headers: as(a.operator) });
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error).toMatchObject({ code: 'invalid_query', field });
    }
  });

  it('neutralises cells a spreadsheet would run as formulas in the CSV', async () => {
    const hostile = await apiTokens.create(env.db, {
      tenantId: a.tenantId,
      role: 'operator',
      name: '=HYPERLINK("http://evil.example","x")',
    });
    expect(
      (await env.app.inject({ method: 'PATCH', url: '/v1/settings', headers: as(hostile.token), payload: { idle_school_days: 12 } }))
        .statusCode,
    ).toBe(200);
    const res = await env.app.inject({ url: '/v1/audit.csv?action=settings.updated', headers: as(a.operator) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const [header, row] = res.body.split('\r\n');
    expect(header).toBe('seq,at,actor_kind,actor_id,actor_name,address,action,target_kind,target_id,details,hash');
    expect(row).toContain(`,"'=HYPERLINK(""http://evil.example"",""x"")",`);
    expect(row).not.toMatch(/,=/);
    expect((await journal(a.operator, '?action=audit.exported')).items).toHaveLength(1);
  });

  it("never shows an operator of one tenant another tenant's events", async () => {
    await env.app.inject({ method: 'POST', url: '/v1/sources', headers: as(b.operator), payload: sourceBody('jamf-b') });
    const ofB = (await journal(b.operator)).items as { action: string; target: { id: string } | null }[];
    expect(ofB.map((e) => e.action)).toEqual(['source.created']);
    const ofA = (await journal(a.operator, '?limit=500')).items as { action: string; details: { name?: string } }[];
    expect(ofA.some((e) => e.details.name === 'jamf-b')).toBe(false);
    expect((await journal(a.operator, `?target_id=${ofB[0]!.target!.id}`)).items).toEqual([]);
    const csv = (await env.app.inject({ url: '/v1/audit.csv', headers: as(a.operator) })).body;
    expect(csv).not.toContain('jamf-b');
  });

  it("shows a platform administrator the platform's events, not the tenants'", async () => {
    const admin = await apiTokens.create(env.db, { tenantId: null, role: 'admin', name: 'exploitation' });
    const created = await env.app.inject({
      method: 'POST',
      url: '/v1/tenants',
      headers: as(admin.token),
      payload: { code: 'audp', name: 'Commune', kind: 'commune' },
    });
    expect(created.statusCode).toBe(201);
    const { items } = await journal(admin.token);
    expect(items.map((e: { action: string }) => e.action)).toEqual(['tenant.created']);
    expect(items[0]).toMatchObject({ actor: { kind: 'token', name: 'exploitation' }, target: { kind: 'tenant', id: created.json().id } });
  });

  it('is for admins and operators only', async () => {
    const res = await env.app.inject({ url: '/v1/audit', headers: as(a.connector) });
    expect(res.statusCode).toBe(403);
  });
});

describe('tamper evidence', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of the journal in the database', async () => {
    await expect(sql`UPDATE audit_events SET actor_name = 'someone else' WHERE tenant_id = ${a.tenantId}`.execute(env.db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`DELETE FROM audit_events WHERE tenant_id = ${a.tenantId}`.execute(env.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_events`.execute(env.db)).rejects.toThrow(/append-only/);
  });

  it('keeps one gapless chain under concurrent appends', async () => {
    const tenant = await tenants.create(env.db, { code: 'audc', name: 'Concurrent', kind: 'commune' });
    const actor = { kind: 'system', id: null, name: 'test', address: null } as const;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => auditEvents.append(env.db, tenant.id, actor, { action: 'test.appended', details: { i } })),
    );
    expect(await auditEvents.verify(env.db, tenant.id)).toEqual({ ok: true, chain: tenant.id, events: 20, lastSeq: 20 });
  });

  it('`audit verify` passes, then fails naming the seq of a row a superuser altered behind the trigger', { timeout: 60_000 }, async () => {
    const tenant = await tenants.create(env.db, { code: 'audt', name: 'Tampered', kind: 'commune' });
    const actor = { kind: 'system', id: null, name: 'test', address: null } as const;
    for (let i = 1; i <= 4; i++) await auditEvents.append(env.db, tenant.id, actor, { action: 'test.appended', details: { i } });
    const good = await verifyCli('--tenant', 'audt');
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('ok, 4 events up to seq 4');

    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_append_only`.execute(env.db);
    try {
      await sql`UPDATE audit_events SET details = '{"i": 99}' WHERE tenant_id = ${tenant.id} AND seq = 3`.execute(env.db);
    } finally {
      await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_append_only`.execute(env.db);
    }
    const bad = await verifyCli('--tenant', 'audt');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('BROKEN at seq 3');
    expect(bad.stderr).toContain('broken at seq 3');
    // Every chain at once fails too, and the other tenants' chains are reported intact.
    const all = await verifyCli();
    expect(all.code).toBe(1);
    expect(all.stdout).toContain(`chain ${a.tenantId}: ok`);
  });
});

describe('retention', () => {
  it('purges old events and leaves the chain verifiable from its anchor, recording the purge', { timeout: 60_000 }, async () => {
    const tenant = await tenants.create(env.db, { code: 'audr', name: 'Retention', kind: 'commune' });
    const actor = { kind: 'system', id: null, name: 'test', address: null } as const;
    for (let i = 1; i <= 5; i++) await auditEvents.append(env.db, tenant.id, actor, { action: 'test.old', details: { i } });
    const [lastOld] = await auditEvents.list(env.db, tenant.id, { limit: 1 });
    const cutoff = new Date(lastOld!.at.getTime() + 1);
    for (let i = 1; i <= 3; i++) await auditEvents.append(env.db, tenant.id, actor, { action: 'test.new', details: { i } });

    // Every chain of this file is older than the cutoff up to here: all of them are purged.
    const result = await purgeJournal(env.db, cutoff);
    expect(result.deleted).toBeGreaterThanOrEqual(5);
    const left = await auditEvents.list(env.db, tenant.id, { limit: 100 });
    expect(left.some((e) => e.action === 'test.old')).toBe(false);
    expect(left[0]).toMatchObject({ action: 'audit.purged', actor_kind: 'system', actor_name: 'retention' });
    const upTo = left[0]!.details.up_to_seq as number;
    expect(upTo).toBeGreaterThanOrEqual(5);
    expect(left.at(-1)!.seq).toBe(upTo + 1);
    expect((await verifyCli('--tenant', 'audr')).code).toBe(0);
    const all = await verifyCli();
    expect(all.code, all.stdout + all.stderr).toBe(0);
    expect(all.stdout).toContain(`chain ${a.tenantId}: ok`);
  });
});
