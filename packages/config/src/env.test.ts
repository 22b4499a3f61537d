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
});
