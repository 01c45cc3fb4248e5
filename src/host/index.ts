export { BridgeHost } from './bridge-host.js';
export type {
  ActionReport,
  AdoptOptions,
  BridgeHostEventMap,
  BridgeHostOptions,
  CommandReport,
  ContactCard,
  FrameOptions,
  SubscriptionInfo,
  UnsubscribeCause,
} from './types.js';
export { BridgeError, ErrorCode, Refusal } from '../protocol/errors.js';
export type { AnyBridgeError, BridgeErrorDetails } from '../protocol/errors.js';
export type { CommandContext, ContactAction, ContactCommand, DesktopController } from './command-desk.js';
export type { ActionRequest, ActionType } from '../protocol/actions.js';
export type { ContactPanelOptions } from './contact-panels.js';
export type { FrameKind } from './frames.js';
export { consoleLogger } from './logger.js';
export type { HostLog, LogCode, LogLevel, Logger } from './logger.js';
export type { OriginPolicy, ResolvedPolicy } from './policy.js';
export type { RateLimitOptions } from './rate-limit.js';
export type { Dialect, DialectContext, DialectFactory, RegisteredPage } from './dialect.js';
export type { Outcome } from './requests.js';
