export { CometSource } from './comet-source.js';
export type { CometCheckpoint, CometSession, CometSourceOptions } from './comet-source.js';
export type { CxoneToken } from './agent-api.js';
export { commandRequest, commandSteps } from './requests.js';
export type { CommandRequest, CommandStep } from './requests.js';
