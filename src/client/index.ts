export { BridgeClient } from './bridge-client.js';
export type { AgentStateDetail, BridgeClientEventMap, BridgeClientOptions, IgnoredCounts } from './types.js';
export { BridgeError, ErrorCode } from '../protocol/errors.js';
export type { AnyBridgeError, BridgeErrorDetails } from '../protocol/errors.js';
export type { ContactEvent, PlatformEvent, PlatformEventOfType } from '../protocol/events.js';
export type { ClientEventSubscriptionAcknowledge, CommandResult, Envelope, Extensions } from '../protocol/envelope.js';
export type { CommandType } from '../protocol/max.js';
export type { ActionType, AgentStateOptions, WrapUpOptions } from '../protocol/actions.js';
