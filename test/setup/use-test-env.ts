import { afterAll, beforeAll } from 'vitest';
import { createTestEnv, seedTenant, type SeededTenant, type TestEnv } from './test-env.ts';

export interface TestEnvOptions {
  /**
   * Environment variables for this file's Vigie (createTestEnv's overrides); a function when they name
   * something the file's own beforeAll, registered before this call, starts (a proxy's port, an SMTP URL).
   */
  env?: Record<string, string> | (() => Record<string, string>);
  /** Start an in-process worker once the environment exists. */
  worker?: boolean;
}

/**
 * The test environment of a whole file (or describe block): registers the beforeAll that creates it
 * and the afterAll that closes it, and hands back a handle usable from the file's own hooks and tests
 * on. Hooks registered after this call run after the creation and before the close.
 */
export function useTestEnv(options: TestEnvOptions = {}): TestEnv {
  const env = lateBound<TestEnv>('the test environment');
  beforeAll(async () => {
    const overrides = typeof options.env === 'function' ? options.env() : options.env;
    const created = env.bind(await createTestEnv(overrides));
    if (options.worker) await created.startWorker();
  });
  afterAll(async () => env.bound?.close());
  return env.handle;
}

/** A tenant to seed: its code, or its code with the UAI and time zone of its collège. */
export type TenantSpec = string | { code: string; uai?: string; timeZone?: string };

/** Tenants seeded in `env` (useTestEnv's) before the tests, in this order; handles in the same order. */
export function useTenants<const Specs extends readonly TenantSpec[]>(env: TestEnv, ...specs: Specs): { [K in keyof Specs]: SeededTenant } {
  const tenants = specs.map((spec) => lateBound<SeededTenant>(`the tenant ${typeof spec === 'string' ? spec : spec.code}`));
  beforeAll(async () => {
    for (const [i, spec] of specs.entries()) {
      const { code, uai, timeZone } = typeof spec === 'string' ? { code: spec } : spec;
      tenants[i]!.bind(await seedTenant(env, code, uai, timeZone));
    }
  });
  return tenants.map((t) => t.handle) as { [K in keyof Specs]: SeededTenant };
}

/**
 * A stand-in for an object that exists only once beforeAll has run, so that a file can name it in a
 * `const` at its top (tests then read `env.db`, `a.tenantId`) instead of `let` plus assignment.
 */
function lateBound<T extends object>(what: string) {
  let bound: T | undefined;
  const current = (): T => {
    if (!bound) throw new Error(`${what} is used before the beforeAll that creates it has run`);
    return bound;
  };
  const handle = new Proxy({} as T, {
    get: (_, key) => Reflect.get(current(), key),
    has: (_, key) => Reflect.has(current(), key),
    ownKeys: () => Reflect.ownKeys(current()),
    // Reported configurable: the proxy's own (empty) target does not hold the key, and a proxy may not
    // call a property non-configurable that its target lacks.
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(current(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
  return {
    handle,
    get bound() {
      return bound;
    },
    bind(value: T): T {
      bound = value;
      return value;
    },
  };
}
