/**
 * Other dialects a host can speak besides MAX (the AICC `eventpost` one is
 * `ccbridge/host/aicc`). A dialect sees every message from an allowed origin
 * before the MAX parser, and every event after the host updated its state.
 * Dialects are plug-ins so a desktop that does not need one does not ship it.
 */
import type { ContactEvent, PlatformEvent } from '../protocol/events.js';
import type { BridgeHost } from './bridge-host.js';
import type { HostLog } from './logger.js';
import type { ResolvedPolicy } from './policy.js';

/** What a host gives a dialect: its issuer, log, policies, events and state. */
export interface DialectContext {
  /** The host's issuer. */
  readonly issuer: string;
  /** The host's log: coded lines, `once` for what a page can repeat. */
  readonly log: HostLog;
  /** The origin's rights, as resolved from the host's `policies`. */
  policyFor(origin: string): ResolvedPolicy;
  /** Where replies to `origin` go: the origin itself (or `'*'` for an allowed opaque origin). */
  targetFor(origin: string): string;
  /** The host's events (commands, for instance). */
  on: BridgeHost['on'];
  /** The event as `origin` may see it: without the session token unless the origin is granted it. */
  redact(event: PlatformEvent, origin: string): PlatformEvent;
  /** The host's current agent state and contacts, oldest first. */
  current(): { readonly agentState: PlatformEvent | undefined; readonly contacts: readonly ContactEvent[] };
}

/** A message format a host speaks besides MAX (the AICC `eventpost` dialect is one): it receives pages' messages and delivers events in its own form. */
export interface Dialect {
  /** Handles a message from an allowed origin; `false` leaves it to the MAX dialect. Must not throw. */
  receive(window: Window, origin: string, data: unknown): boolean;
  /** Every dispatched event, after the host's state was updated. */
  deliver(event: PlatformEvent): void;
  /** Stops: timers, listeners, subscriptions. */
  dispose(): void;
}

/** Makes a dialect for a host (`BridgeHostOptions.dialects`): `aiccDialect()` returns one. */
export type DialectFactory = (context: DialectContext) => Dialect;
