export { BridgeClient } from './bridge-client.js';
export type { AgentStateDetail, BridgeClientEventMap, BridgeClientOptions, IgnoredCounts, SearchAnswer, ServeHandlers } from './types.js';
export { BridgeError, ErrorCode } from '../protocol/errors.js';
export type { AnyBridgeError, BridgeErrorDetails } from '../protocol/errors.js';
export type { ContactEvent, PlatformEvent, PlatformEventOfType } from '../protocol/events.js';
export type { ClientEventSubscriptionAcknowledge, CommandResult, Envelope, Extensions } from '../protocol/envelope.js';
export type { CommandType } from '../protocol/max.js';
export type { ActionType, AgentStateOptions, CallLog, SaveCallLog, SearchContact, SearchMatch, ServiceType, TransferMode, WrapUpOptions } from '../protocol/actions.js';
