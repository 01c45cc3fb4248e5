export { BridgeHost } from './bridge-host.js';
export type {
  AdoptOptions,
  BridgeHostEventMap,
  BridgeHostOptions,
  ContactCard,
  FrameOptions,
  SubscriptionInfo,
  UnsubscribeCause,
} from './bridge-host.js';
export type { CommandContext, ContactAction, ContactCommand, DesktopController } from './commands.js';
export type { ContactPanelOptions } from './contact-panels.js';
export type { FrameKind } from './frames.js';
export { consoleLogger } from './logger.js';
export type { Logger } from './logger.js';
export type { OriginPolicy } from './policy.js';
export type { Dialect, DialectContext, DialectFactory } from './dialect.js';
export type { ResolvedPolicy } from './policy.js';
