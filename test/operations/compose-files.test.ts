import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Docker is not there in CI, so the compose files are read as what `docker compose` would be given:
// YAML with merge keys (`<<:`), `${VAR}` interpolated later by compose.
const root = path.resolve(import.meta.dirname, '../..');
const FILES = { development: 'docker-compose.yml', production: 'docker-compose.production.yml' } as const;
const REQUIRED_SECRETS = ['POSTGRES_PASSWORD', 'SECRETS_KEY', 'API_PUBLIC_URL'];

interface Service {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  ports?: string[];
  healthcheck?: { test: string[] };
  restart?: string;
  logging?: { driver: string; options?: Record<string, string> };
  profiles?: string[];
}

const text = (file: string) => readFileSync(path.join(root, file), 'utf8');
const servicesOf = (file: string) => (parse(text(file), { merge: true }) as { services: Record<string, Service> }).services;
/** Services that run until stopped: everything but one-shot jobs such as `migrate`. */
const longRunning = (services: Record<string, Service>) => Object.entries(services).filter(([, s]) => s.restart !== 'no');

describe.each(Object.entries(FILES))('%s compose file', (_kind, file) => {
  it('gives every long-running service a health check and a restart policy', () => {
    const services = longRunning(servicesOf(file));
    expect(services.length).toBeGreaterThanOrEqual(4);
    for (const [name, s] of services) {
      expect(s.healthcheck?.test, `${name} healthcheck`).toBeDefined();
      expect(['always', 'unless-stopped', 'on-failure'], `${name} restart`).toContain(s.restart);
    }
  });
});

describe('docker-compose.production.yml', () => {
  const services = servicesOf(FILES.production);

  it('publishes neither PostgreSQL nor Redis, and everything else on the host loopback only', () => {
    expect(services.postgres?.ports).toBeUndefined();
    expect(services.redis?.ports).toBeUndefined();
    const published = Object.entries(services).flatMap(([name, s]) => (s.ports ?? []).map((p) => `${name} ${p}`));
    expect(published.length).toBeGreaterThan(0);
    for (const p of published) expect(p).toMatch(/^\S+ 127\.0\.0\.1:/);
    expect(services.api?.ports?.[0]).toMatch(/^127\.0\.0\.1:\$\{API_HOST_PORT:-3000\}:3000$/);
  });

  it('has no default for a required secret: a missing one stops compose with its name', () => {
    const source = text(FILES.production);
    for (const name of REQUIRED_SECRETS) {
      const uses = [...source.matchAll(new RegExp(`\\$\\{${name}([^}]*)\\}`, 'g'))].map((m) => m[1]!);
      expect(uses.length, name).toBeGreaterThan(0);
      for (const use of uses) expect(use, name).toMatch(/^:\?\S/);
    }
    expect(services.api?.environment?.SECRETS_KEY).toMatch(/^\$\{SECRETS_KEY:\?/);
    expect(services.worker?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/vigie:\$\{POSTGRES_PASSWORD:\?/);
  });

  it('authenticates to PostgreSQL with SCRAM, never trust', () => {
    const env = services.postgres!.environment!;
    expect(env.POSTGRES_HOST_AUTH_METHOD).toBe('scram-sha-256');
    expect(env.POSTGRES_INITDB_ARGS).toContain('--auth-host=scram-sha-256');
    expect(text(FILES.production)).not.toMatch(/\btrust\b/);
  });

  it('runs no demo and no development shortcut', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(name).not.toMatch(/demo|simulat/);
      expect(JSON.stringify(s.command ?? ''), name).not.toMatch(/demo|simulat|seed/);
    }
    expect(
      Object.keys(services)
        .filter((n) => !services[n]!.profiles)
        .sort(),
    ).toEqual(['api', 'migrate', 'postgres', 'redis', 'worker']);
  });

  it('rotates every container log', () => {
    for (const [name, s] of Object.entries(services)) {
      expect(s.logging?.driver, name).toBe('json-file');
      expect(s.logging?.options?.['max-size'], name).toMatch(/^\d+m$/);
      expect(Number(s.logging?.options?.['max-file']), name).toBeGreaterThan(1);
    }
  });
});
