export { BridgeError, ErrorCode, Refusal } from './errors.js';
export type { AnyBridgeError, BridgeErrorDetails } from './errors.js';
export { OPAQUE_ORIGIN, isExactOrigin } from './origin.js';
export {
  AgentLeg,
  AgentSessionEnd,
  AgentSessionStart,
  AgentState,
  CallContactEvent,
  ContactIdValue,
  Flag,
  Indicator,
  MchAgentSettingsChangeEvent,
  OtherPlatformEvent,
  PageOpen,
  TextContactEvent,
  WorkItemContactEvent,
  contactIdOf,
  isContactEvent,
  isFinalEvent,
  isTrue,
  describeIssues,
  parsePlatformEvent,
  parseReceivedEvent,
  ReceivedEvent,
  toContactId,
  parsePlatformEvents,
} from './events.js';
export type {
  ContactEvent,
  KnownEventType,
  KnownPlatformEvent,
  ParseResult,
  PlatformEvent,
  PlatformEventOfType,
} from './events.js';
export {
  AckReason,
  COMMAND_TYPES,
  ChildMessage,
  ClientEventSubscriptionAcknowledge,
  CommandMessage,
  CommandResult,
  EXTENSIONS_VERSION,
  Extensions,
  ContactCardData,
  Envelope,
  RegisterForClientEvents,
  SUBSCRIPTION_TYPES,
  SessionInfo,
  UnregisterFromClientEvents,
  acknowledge,
  maxMessageType,
  readControlItem,
  readEnvelope,
  readRegistration,
} from './max.js';
export type {
  CommandType,
  EnvelopeItem,
  Registration,
  RegistrationResult,
  SubscriptionType,
} from './max.js';
export { ContactCenterState } from './state.js';
export { actionFor, appliesTo, applyAction, isMuted, isOffered, isRecording, revertAction } from './commands.js';
export type { ContactAction, ContactFlags } from './commands.js';
export type { StateChange } from './state.js';
