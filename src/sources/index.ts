export { Backoff, SourceBase } from './source.js';
export type { BackoffOptions, Source, SourceCommand, SourceEventMap, SourceStatus, StopOptions } from './source.js';
export { SharedSource, sharedSource } from './shared.js';
export type { SharedSourceEventMap, SharedSourceOptions } from './shared.js';
