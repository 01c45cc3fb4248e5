export { CometSource } from './comet-source.js';
export type { CometSession, CometSourceOptions, CxoneToken } from './comet-source.js';
export { commandRequest } from './commands.js';
