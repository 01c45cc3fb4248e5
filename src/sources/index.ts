export { Backoff, SourceBase } from './source.js';
export type { BackoffOptions, Source, SourceCommand, SourceEventMap, SourceStatus, StopOptions } from './source.js';
export { SharedSource, sharedSource } from './shared/shared-source.js';
export type { SharedSourceEventMap, SharedSourceOptions } from './shared/shared-source.js';
