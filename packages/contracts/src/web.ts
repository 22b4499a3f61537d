// The browser's entry point (services/web): every shape the dashboard reads, without the modules
// that need Node (webhook-payload.ts signs with node:crypto). web.test.ts keeps it so.
export * from './api-error.ts';
export * from './vocabulary.ts';
export * from './api.ts';
export * from './tokens.ts';
export * from './rollup.ts';
export * from './activity-api.ts';
export * from './obsolescence.ts';
export * from './comparisons.ts';
export * from './sources.ts';
export * from './device-review.ts';
export * from './live-events.ts';
export * from './alerts.ts';
export * from './sign-in.ts';
export * from './audit.ts';
export * from './settings.ts';
export * from './calendar.ts';
