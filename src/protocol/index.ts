/**
 * `ccbridge/protocol`: the wire, for anyone who builds on it. Each schema
 * (zod, made from ccbridge's own statements) has a type of the same name; the
 * plain checks ccbridge runs are exported beside them.
 */
export { BridgeError, ErrorCode, Refusal } from './errors.js';
export type { AnyBridgeError, BridgeErrorDetails } from './errors.js';
export { OPAQUE_ORIGIN, isExactOrigin } from './origin.js';
export {
  AgentLeg,
  AgentStateOptions,
  AgentSessionEnd,
  AgentSessionStart,
  AgentState,
  CallContactEvent,
  ActionMessage,
  ChildMessage,
  ClientEventSubscriptionAcknowledge,
  CommandMessage,
  CallLogSaved,
  CommandResult,
  Conference,
  ContactCardData,
  ContactIdValue,
  ControlItem,
  Dial,
  EndWrapUp,
  Envelope,
  GetAgentStateOptions,
  GetWrapUpOptions,
  Extensions,
  Flag,
  Indicator,
  MchAgentSettingsChangeEvent,
  Mute,
  OtherPlatformEvent,
  PageOpen,
  PlatformEvent,
  ReceivedEvent,
  RegisterForClientEvents,
  RemoteAgentSessionEnd,
  SaveCallLog,
  SearchContact,
  SearchResult,
  SessionInfo,
  SetAgentState,
  SetContactData,
  TextContactEvent,
  Transfer,
  UnregisterFromClientEvents,
  WorkItemContactEvent,
  WrapUpOptions,
} from './schemas.js';
export { contactIdOf, describeIssues, isContactEvent, isFinalEvent, isSessionEnd, isTrue, parsePlatformEvent, parsePlatformEvents, toContactId } from './events.js';
export type { ContactEvent, KnownEventType, KnownPlatformEvent, ParseResult, PlatformEventOfType } from './events.js';
export { AckReason, COMMAND_TYPES, SUBSCRIPTION_TYPES, acknowledge, maxMessageType, parseChildMessage, readRegistration } from './max.js';
export type { CommandType, Registration, RegistrationResult, SubscriptionType } from './max.js';
export { EXTENSIONS_VERSION, parseReceivedEvent, readControlItem, readEnvelope } from './envelope.js';
export type { EnvelopeItem } from './envelope.js';
export { ACTION_TYPES, ACTION_VERSIONS, CONTACT_DATA_KEY, CONTACT_DATA_MAX_KEYS, DIALABLE, SERVICE_TYPES, SERVICE_VERSIONS, TRANSFER_MODES, actionMessageType, dialable, grantOf, isActionName, parseActionMessage } from './actions.js';
export type { ActionMessageType, ActionName, ActionRequest, ActionType, CallLog, SearchMatch, ServiceType, TransferMode } from './actions.js';
export { ContactCenterState } from './state.js';
export type { StateChange } from './state.js';
export { actionFor, appliesTo, applyAction, isMuted, isOffered, isRecording, revertAction } from './command-rules.js';
export type { ContactAction, ContactFlags } from './command-rules.js';
export { parse, toZod } from './kit.js';
export type { Infer, Shape } from './kit.js';
