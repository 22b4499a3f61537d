import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '@vigie/contracts';
import { live } from '@vigie/queue';
import { apiTokens, peopleSessions } from '@vigie/store';
import { csrfTokenOf, SESSION_COOKIE } from '../../services/api/src/sign-in/session-cookie.ts';
import { baseTime, inventory } from '../setup/events.ts';
import { connectStream, until } from '../setup/live-client.ts';
import { openApiOperations, registeredRoutes, toOpenApiPath, type Operation } from '../setup/route-table.ts';
import { tenantRowsReader } from '../setup/tenant-rows.ts';
import { populateTenant } from '../setup/populated-tenant.ts';
import { seedTenant, type SeededTenant } from '../setup/test-env.ts';
import { useTestEnv } from '../setup/use-test-env.ts';

// Every route of fastify's route table is called by each of tenant A's callers with tenant B's
// identifiers in its path and in the query parameters that select an establishment, a cart or a
// rule: no 2xx may show B's identifiers, and B's rows are the same, byte for byte, afterwards.
// Routes come from the route table, so a new route is checked without being listed here.

/** Routes that are not a tenant's by design; anything else in the route table is checked. */
const PLATFORM_WIDE: Record<string, string> = {
  'GET /healthz': 'liveness probe, no tenant data',
  'GET /readyz': 'readiness probe: queue and outbox totals of the platform, no identifier',
  'GET /openapi.json': 'the API contract, the same for everyone',
  'GET /docs': 'the API documentation (Swagger UI)',
  'GET /docs/': 'the API documentation (Swagger UI)',
  'GET /docs/*': 'the API documentation (Swagger UI assets)',
  'GET /docs/static/index.html': 'the API documentation (Swagger UI assets)',
  'GET /docs/static/swagger-initializer.js': 'the API documentation (Swagger UI assets)',
  'GET /docs/json': 'the API contract, the same for everyone',
  'GET /docs/yaml': 'the API contract, the same for everyone',
  'GET /v1/version': 'the release running, the same for everyone',
  'GET /auth/link': 'sign-in: the one-time link is the credential, checked against its own tenant',
  'GET /auth/oidc/:tenantCode/start': "sign-in: starts the named tenant's public OpenID Connect flow",
  'GET /auth/oidc/callback': 'sign-in: the state parameter binds the callback to the tenant that started it',
  'GET /': 'the dashboard (static assets, no data)',
  'GET /*': 'the dashboard (static assets, no data)',
  'POST /v1/tenants': 'platform administrators only (a tenant token is refused, test/api/tenant-isolation.test.ts)',
  'GET /v1/stream': 'the websocket: checked below by subscribing to B topics and resuming from B event ids',
};

const env = useTestEnv({ env: { SECRETS_KEY: randomBytes(32).toString('hex') } });
let a: SeededTenant;
let b: SeededTenant;
let callers: { role: string; headers: () => Promise<Record<string, string>> }[];
/** A's bearer token for each role. */
let aTokens: Record<string, string>;
/** B's identifier for each path parameter (by the route's first segment for `:id`) and selecting query parameter. */
let bIds: { byPrefix: Record<string, string>; params: Record<string, string>; query: Record<string, string> };
/** Every B identifier and name a response to A must not carry. */
let bSecrets: string[];
let bRows: () => Promise<Record<string, number | string>>;
const base = baseTime(1);
const DAY = base.toISOString().slice(0, 10);
const WEEK_BEFORE = new Date(base.getTime() - 7 * 86_400_000).toISOString().slice(0, 10);

const as = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  const worker = await env.startWorker();
  a = await seedTenant(env, 'iso-a', '0770934X');
  b = await seedTenant(env, 'iso-b', '0770935Y');
  await populateTenant(env, a, 'a');
  const bData = await populateTenant(env, b, 'b');
  // The worker is stopped once B's data is stored, so nothing but A's requests could change B's rows.
  await worker.close();

  bIds = {
    byPrefix: {
      devices: bData.devices[0]!,
      sources: bData.source,
      alerts: bData.alert,
      'alert-rules': bData.rule,
      'notification-endpoints': bData.endpoint,
      exceptions: bData.exception,
      carts: bData.cart,
      failures: bData.failedBatch,
      cohorts: bData.cohort,
      tokens: (await apiTokens.create(env.db, { tenantId: b.tenantId, role: 'operator', name: 'b-reports' })).id,
    },
    params: { uai: b.uai, tenantId: b.tenantId, run: bData.run, view: 'device_daily_v1.csv' },
    query: { establishment: b.uai, cart: bData.cart, rule_id: bData.rule, source: bData.pushSource },
  };
  bSecrets = [...bData.traces, 'iso-b'];

  const token = async (role: 'admin' | 'partner' | 'establishment') =>
    (
      await apiTokens.create(env.db, {
        tenantId: a.tenantId,
        role,
        name: `a-${role}`,
        ...(role === 'establishment' ? { establishmentUais: [a.uai] } : {}),
      })
    ).token;
  const [admin, partner, establishment] = [await token('admin'), await token('partner'), await token('establishment')];
  // A person of A signed in: a fresh session per request, as logging out ends it.
  const person = async () => {
    const { secret } = await peopleSessions.create(env.db, a.tenantId, {
      role: 'admin',
      establishmentUais: [],
      subject: 'person-a',
      displayName: 'Person A',
      method: 'link',
      maxHours: 8,
    });
    return { cookie: `${SESSION_COOKIE}=${secret}`, 'x-csrf-token': csrfTokenOf(secret) };
  };
  aTokens = { admin, operator: a.operator, establishment, partner, connector: a.connector };
  callers = [
    ...Object.entries(aTokens).map(([role, t]) => ({ role, headers: async () => as(t) })),
    { role: 'person (admin session)', headers: person },
  ];
  bRows = await tenantRowsReader(env.db, b.tenantId, 'content');
}, 120_000);

/** What A sends to a route: a valid body where the route takes one, naming B's things where it can. */
function bodyFor(method: string, path: string): object | undefined {
  const bodies: Record<string, object> = {
    'POST /v1/ingest/events': { source: 'mdm-b', events: [inventory('b-dev-1', base, { establishment_uai: b.uai })] },
    'PATCH /v1/establishments/{uai}': { pupils: 999 },
    'POST /v1/establishments/{uai}/carts': { name: 'intrus' },
    'PATCH /v1/establishments/{uai}/settings': { offline_days: 9 },
    'POST /v1/tenants/{tenantId}/tokens': { role: 'admin', name: 'intrus' },
    'PUT /v1/tenants/{tenantId}/outbound-allowlist': { entries: ['10.20.0.0/16'] },
    'POST /v1/cohorts': { name: 'intrus', member_kind: 'establishment', members: [b.uai] },
    'PATCH /v1/sources/{id}': { name: 'intrus', enabled: false },
    'POST /v1/alerts/{id}/acknowledge': { note: 'intrus' },
    'POST /v1/alerts/{id}/resolve': { note: 'intrus' },
    'POST /v1/alerts/{id}/snooze': { note: 'intrus', until: new Date(Date.now() + 86_400_000).toISOString() },
    'POST /v1/alert-rules': {
      kind: 'device_offline',
      name: 'intrus',
      params: { days: 7 },
      overrides: { [b.establishmentId]: { days: 3 } },
    },
    'PATCH /v1/alert-rules/{id}': { name: 'intrus', enabled: false },
    'POST /v1/calendar/exceptions': { establishment: b.uai, kind: 'closure', from: DAY, to: DAY },
    'PATCH /v1/notification-endpoints/{id}': { name: 'intrus', enabled: false },
    // Writes of A's own configuration: they must leave B's alone.
    'POST /v1/sources': {
      name: 'source-a',
      kind: 'jamf_school',
      base_url: 'https://a.jamfcloud.com/api',
      credentials: { network_id: 'n', api_key: 'k' },
    },
    'POST /v1/establishments': { uai: '0770936Z', name: 'Collège A2', type: 'college', calendar_zone: 'C' },
    'POST /v1/notification-endpoints': { kind: 'email', name: 'endpoint-a', email: 'dsi-a@example.org' },
    'PUT /v1/obsolescence/rules': { rules: [{ reason: 'age', threshold: 4 }] },
    'PUT /v1/unit-prices': { prices: { tablet: 300 } },
    'PUT /v1/app-catalog': { apps: [{ app_id: 'fr.ent.monlycee', category: 'ent' }] },
    'PATCH /v1/settings': { offline_days: 9 },
  };
  return bodies[`${method} ${path}`] ?? (['POST', 'PUT', 'PATCH'].includes(method) ? {} : undefined);
}

const asFormat = (day: string, format: string | undefined) => (format === 'date-time' ? `${day}T00:00:00Z` : day);

/** The URL A calls: B's identifiers in the path and selecting query parameters, valid dates elsewhere. */
function urlFor(url: string, op: Operation | undefined): string {
  // An :id belongs to the collection named just before it (/v1/tenants/:tenantId/tokens/:id: a token).
  const segments = url.split('/');
  const prefix = segments[segments.indexOf(':id') - 1] ?? '';
  const path = url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => {
    const value = name === 'id' ? bIds.byPrefix[prefix] : bIds.params[name];
    if (!value) throw new Error(`no B identifier for :${name} in ${url}: add it to bIds so the route is checked`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams();
  for (const p of op?.parameters?.filter((x) => x.in === 'query') ?? []) {
    const selects = bIds.query[p.name];
    if (selects) query.set(p.name, selects);
    else if (/tenant|establishment|uai|device|source/.test(p.name))
      throw new Error(`query parameter ${p.name} of ${url} selects something: add B's value to bIds.query`);
    else if (p.name === 'from') query.set(p.name, asFormat(WEEK_BEFORE, p.schema?.format));
    else if (p.name === 'to' || p.name === 'start') query.set(p.name, asFormat(DAY, p.schema?.format));
    else if (p.required && p.schema?.enum?.length) query.set(p.name, String(p.schema.enum[0]));
  }
  return query.size ? `${path}?${query}` : path;
}

/**
 * A 2xx body without its per-item refusals (`{ code, message, field }`, as in a 207): a refusal may
 * repeat what the caller sent ("no establishment 0770935Y in this tenant"), which reveals nothing.
 */
function withoutRefusals(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), (_key, value: unknown) =>
      value && typeof value === 'object' && 'code' in value && 'message' in value && 'field' in value ? undefined : value,
    );
  } catch {
    return body;
  }
}

describe('tenant isolation, generated from the route table', () => {
  it("no caller of tenant A reads or changes tenant B's data through any route", { timeout: 180_000 }, async () => {
    const documented = new Map((await openApiOperations(env.app)).map((o) => [`${o.method} ${o.path}`, o.op]));
    const table = registeredRoutes(env.app);
    // The parser of the route table is checked against the documented routes: none may be missed.
    expect([...documented.keys()].filter((k) => !table.some((r) => `${r.method} ${toOpenApiPath(r.url)}` === k))).toEqual([]);
    const keys = new Set(table.map((r) => `${r.method} ${r.url}`));
    expect(
      Object.keys(PLATFORM_WIDE).filter((k) => !keys.has(k)),
      'allow-listed routes that no longer exist',
    ).toEqual([]);

    // HEAD is fastify's GET without a body: checked through its GET.
    const checked = table.filter((r) => r.method !== 'HEAD' && !PLATFORM_WIDE[`${r.method} ${r.url}`]);
    expect(checked.length).toBeGreaterThan(60);
    const before = await bRows();
    const leaks: string[] = [];
    const unreached: string[] = [];
    const statuses: Record<string, number> = {};
    for (const { method, url } of checked) {
      const path = toOpenApiPath(url);
      const target = urlFor(url, documented.get(`${method} ${path}`));
      const body = bodyFor(method, path);
      for (const caller of callers) {
        const res = await env.app.inject({
          method: method as 'GET',
          url: target,
          headers: await caller.headers(),
          ...(body ? { payload: body } : {}),
        });
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        // B's identifier in the path must reach the tenant check: a 400 would mean it never did.
        if (url.includes('/:') && res.statusCode === 400) unreached.push(`${caller.role} ${method} ${target}: ${res.body.slice(0, 200)}`);
        const shown = res.statusCode < 300 ? bSecrets.filter((s) => withoutRefusals(res.body).includes(s)) : [];
        if (shown.length) leaks.push(`${caller.role} ${method} ${target} answered ${res.statusCode} showing ${shown.join(', ')}`);
        if (method !== 'GET') {
          const after = await bRows();
          const changed = Object.keys(before).filter((t) => after[t] !== before[t]);
          if (changed.length) {
            leaks.push(`${caller.role} ${method} ${target} answered ${res.statusCode} and changed B's ${changed.join(', ')}`);
            Object.assign(before, after);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(unreached).toEqual([]);
    // The checks reached the handlers: most answers are A's own data or a refusal, few a 400.
    expect((statuses[404] ?? 0) + (statuses[403] ?? 0)).toBeGreaterThan(checked.length);
    expect(await bRows()).toEqual(before);
  });
});

describe('tenant isolation of the live stream', () => {
  it("a client of tenant A gets none of B's events, whether it subscribes to B's topics or resumes from B's event ids", async () => {
    const url = await env.app.listen({ host: '127.0.0.1', port: 0 });
    const publisher = live.createLivePublisher(env.redis, env.config.redis.prefix, env.config.live.window);
    const bEvent: LiveEvent = {
      kind: 'establishment.counts',
      establishment_id: b.establishmentId,
      uai: b.uai,
      summary: { total: 99, by_kind: {}, by_status: {}, last_seen: {}, unmanaged: 0 },
    };
    const firstB = await publisher.publish(b.tenantId, bEvent);
    const clients = new Map<string, Awaited<ReturnType<typeof connectStream>>>();
    for (const [role, token] of Object.entries(aTokens)) {
      const client = await connectStream(url, token);
      await client.next('ready');
      await client.subscribe(['alerts', 'fleet', 'ingest', 'sync', 'recompute', `establishment:${b.establishmentId}`], firstB);
      clients.set(role, client);
    }
    await publisher.publish(b.tenantId, bEvent);
    await publisher.publish(b.tenantId, {
      kind: 'fleet.summary',
      summary: { total: 99, by_kind: {}, by_status: {}, last_seen: {}, unmanaged: 0 },
    });
    // A's own event arrives after B's were published: when it is there, B's would have been too.
    await publisher.publish(a.tenantId, {
      kind: 'fleet.summary',
      summary: { total: 1, by_kind: {}, by_status: {}, last_seen: {}, unmanaged: 0 },
    });
    await until(
      () =>
        clients
          .get('operator')!
          .events()
          .some((e) => JSON.stringify(e.event).includes('"total":1')),
      10_000,
      "A's own event",
    );
    for (const [role, client] of clients) {
      // The subscribed message echoes the topics asked for (any uuid is accepted, so it confirms nothing).
      const received = JSON.stringify(client.messages.filter((m) => m.type !== 'subscribed'));
      expect(
        bSecrets.filter((s) => received.includes(s)),
        role,
      ).toEqual([]);
      expect(received, role).not.toContain('"total":99');
      client.close();
    }
    expect(clients.get('connector')!.events()).toEqual([]);
  });
});
