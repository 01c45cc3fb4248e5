/**
 * Other dialects a host can speak besides MAX (the AICC `eventpost` one is
 * `ccbridge/host/aicc`). A dialect sees every message from an allowed origin
 * before the MAX parser, and every event after the host updated its state.
 * Dialects are plug-ins so a desktop that does not need one does not ship it.
 */
import type { ActionType, ServiceType } from '../protocol/actions.js';
import type { EnvelopeItem, Extensions } from '../protocol/envelope.js';
import type { Refusal } from '../protocol/errors.js';
import type { ContactEvent, PlatformEvent } from '../protocol/events.js';
import type { Source } from '../sources/source.js';
import type { BridgeHost } from './bridge-host.js';
import type { HostLog, LogLevel } from './logger.js';
import type { ResolvedPolicy } from './policy.js';
import type { Outcome } from './requests.js';
import type { BridgeHostEventMap } from './types.js';

/** A page registered with the host, as a dialect sees it: the same object for as long as the registration lasts. */
export interface RegisteredPage {
  readonly origin: string;
  readonly issuer: string | undefined;
  /** The contact the page registered for, `null` for the agent's whole session. */
  readonly contactId: number | null;
  /** The ccbridge extensions it negotiated; `undefined` for a plain MAX page. */
  readonly extensions: Extensions | undefined;
}

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
  /** The host's current agent state and contacts (oldest first), a contact by id, and the contact that ended last. */
  current(): {
    readonly agentState: PlatformEvent | undefined;
    readonly contacts: readonly ContactEvent[];
    /** A current contact's latest event, by id. */
    contact(contactId: number): ContactEvent | undefined;
    readonly lastEnded: ContactEvent | undefined;
  };
  /** The page registered from `window`, if any. */
  page(window: Window): RegisteredPage | undefined;
  /** Every page registered now, with its window. */
  pages(): readonly (readonly [Window, RegisteredPage])[];
  /** Queues `item` for the page registered from `window`, in its next envelope (nothing when it is not registered). */
  post(window: Window, item: EnvelopeItem): void;
  /**
   * A request id's first use by the page registered from `window` (shared
   * with MAX commands): where to keep its outcome, `undefined` when there is
   * nothing to keep, or `false` for a repeat, answered with the first
   * outcome and logged; a repeat must not be carried out again.
   */
  firstRequest(window: Window, origin: string, messageType: string, requestId: number | undefined): ((outcome: Outcome) => void) | undefined | false;
  /** Spends one of `origin`'s budget of requests to the platform (`commandRate`, shared with MAX commands): `false` when it is over it. */
  spend(origin: string): boolean;
  /** The source attached last and still attached, if any. */
  source(): Source | undefined;
  /** Reports a refused message (`rejection` event) and logs it once per origin, refusal and topic. */
  reject(origin: string, refusal: Refusal, detail: string, level: LogLevel, topic?: string): void;
  /** Reports on one of the host's events (`action`, `screenPop`, `callLog`…). */
  emit<K extends keyof BridgeHostEventMap>(type: K, detail: BridgeHostEventMap[K]): void;
}

/** A message format a host speaks besides MAX (the AICC `eventpost` dialect is one): it receives pages' messages and delivers events in its own form. */
export interface Dialect {
  /** Handles a message from an allowed origin; `false` leaves it to the MAX dialect. Must not throw. */
  receive(window: Window, origin: string, data: unknown): boolean;
  /** Every dispatched event, after the host's state was updated. */
  deliver(event: PlatformEvent): void;
  /** Stops: timers, listeners, subscriptions. */
  dispose(): void;
  /** The actions beyond MAX this dialect carries out (`beyondMax()`'s): a page is granted only these, and only as its origin's policy allows. */
  readonly actions?: readonly ActionType[];
  /** The requests this dialect makes of pages (`crmLink()`'s `Search`, `CallLog`): a page that offers one is asked only these, and only as its origin's policy allows. */
  readonly serves?: readonly ServiceType[];
}

/** Makes a dialect for a host (`BridgeHostOptions.dialects`): `aiccDialect()` returns one. */
export type DialectFactory = (context: DialectContext) => Dialect;
