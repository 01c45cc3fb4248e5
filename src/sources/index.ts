export { Backoff, SourceBase } from './source.js';
export type { BackoffOptions, Source, SourceCommand, SourceEventMap, SourceStatus } from './source.js';
