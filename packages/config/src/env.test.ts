import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.ts';

describe('configuration', () => {
  it('has working defaults and is frozen', () => {
    const config = loadConfig({});
    expect(config.ingest).toMatchObject({ maxEvents: 5000, maxBytes: 5 * 1024 * 1024 });
    expect(config.db.url).toBe('postgres://postgres@127.0.0.1:5432/vigie');
    expect(Object.isFrozen(config.ingest)).toBe(true);
  });

  it('names the bad variable and why', () => {
    expect(() => loadConfig({ INGEST_MAX_EVENTS: 'lots', REDIS_URL: 'nope' })).toThrow(ConfigError);
    expect(() => loadConfig({ INGEST_MAX_EVENTS: 'lots' })).toThrow(/INGEST_MAX_EVENTS/);
  });

  it('sends the session cookie Secure everywhere but loopback http', () => {
    expect(loadConfig({}).sessions).toMatchObject({ idleMinutes: 30, maxHours: 12, linkMinutes: 15, secureCookie: false });
    expect(loadConfig({ API_PUBLIC_URL: 'http://localhost:8080/' }).sessions.secureCookie).toBe(false);
    expect(loadConfig({ API_PUBLIC_URL: 'http://localhost:8080/' }).api.publicUrl).toBe('http://localhost:8080');
    expect(loadConfig({ API_PUBLIC_URL: 'https://vigie.cd77.fr' }).sessions.secureCookie).toBe(true);
    expect(loadConfig({ API_PUBLIC_URL: 'http://10.0.0.5:3000' }).sessions.secureCookie).toBe(true);
  });
});
