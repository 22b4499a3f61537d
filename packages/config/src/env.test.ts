import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './env.ts';

describe('configuration', () => {
  it('has working defaults and is frozen', () => {
    const config = loadConfig({});
    expect(config.ingest).toMatchObject({ maxEvents: 5000, maxBytes: 5 * 1024 * 1024 });
    expect(config.db.url).toBe('postgres://postgres@127.0.0.1:5432/vigie');
    expect(Object.isFrozen(config.ingest)).toBe(true);
    // A change recomputes the current and the previous school year (docs/indicators.md, "Recalcul").
    expect(config.recompute.schoolYears).toBe(2);
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

  it('reads OUTBOUND_ALLOW as a list of CIDRs, addresses and host names, refusing anything else by name', () => {
    expect(loadConfig({}).outbound.allow).toEqual([]);
    expect(loadConfig({ OUTBOUND_ALLOW: ' 127.0.0.1, ::1,10.20.0.0/16,glpi.college.lan ' }).outbound.allow).toEqual([
      '127.0.0.1',
      '::1',
      '10.20.0.0/16',
      'glpi.college.lan',
    ]);
    expect(() => loadConfig({ OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(/OUTBOUND_ALLOW/);
    expect(() => loadConfig({ OUTBOUND_ALLOW: 'http://glpi.lan/' })).toThrow(/OUTBOUND_ALLOW/);
  });
});
