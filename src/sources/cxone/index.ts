export { CometSource } from './comet-source.js';
export type { CometCheckpoint, CometSession, CometSourceOptions, CxoneToken } from './comet-source.js';
export { commandRequest } from './requests.js';
