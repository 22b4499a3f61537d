export * from './ingest-events.ts';
export * from './api-error.ts';
export * from './jobs.ts';
export * from './vocabulary.ts';
export { findPersonalField } from './personal-data.ts';
export { serialKey } from './serial.ts';
export { isValidUai, uaiCheckLetter } from './uai.ts';
export * from './api.ts';
export * from './rollup.ts';
