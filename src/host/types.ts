/** The host's public types: its options and the events it reports. */
import type { ActionMessageType, ActionRequest } from '../protocol/actions.js';
import type { BridgeError, Refusal } from '../protocol/errors.js';
import type { ContactAction } from '../protocol/command-rules.js';
import type { ClientEventSubscriptionAcknowledge, Envelope } from '../protocol/envelope.js';
import type { CommandType, SubscriptionType } from '../protocol/max.js';
import type { StateChange } from '../protocol/state.js';
import type { Source, SourceStatus } from '../sources/source.js';
import type { DesktopController } from './command-desk.js';
import type { ContactPanelOptions } from './contact-panels.js';
import type { DialectFactory } from './dialect.js';
import type { SavedLog, ScreenPop } from './crm-link.js';
import type { FrameKind } from './frames.js';
import type { Logger } from './logger.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { OriginPolicy } from './policy.js';

/** Options of `new BridgeHost()`; every one is optional. */
export interface BridgeHostOptions {
  /** The `issuer` of every envelope. Real hosts use `'MAX'`, `'CXA'`, `'CXoneAgent'`. Default `'MAX'`. */
  readonly issuer?: string;
  /**
   * Origins allowed besides those of the frames the host creates or adopts,
   * spelled exactly as `MessageEvent.origin` (`https://crm.example.com`).
   * `'any'` hears every origin (replies still go to the exact origin): for
   * development only.
   */
  readonly allowedOrigins?: readonly string[] | 'any';
  /**
   * Hear opaque origins (`"null"`: sandboxed frames without
   * `allow-same-origin`, `file:` pages). Replies to them must be posted with
   * `'*'`, so this is off unless a deployment opts in.
   */
  readonly allowOpaqueOrigins?: boolean;
  /** Per-origin rights. An origin named here is also allowed. */
  readonly policies?: ReadonlyMap<string, OriginPolicy> | Readonly<Record<string, OriginPolicy>>;
  /** Rights of allowed origins that have no entry in `policies`. */
  readonly defaultPolicy?: OriginPolicy;
  /**
   * Carries out the commands pages send (answer, hold, …). Default: the
   * source's `execute`, when there is a source; otherwise commands are refused.
   */
  readonly controller?: DesktopController;
  /** Where platform events come from (CXone comet, XUC, the simulator). The desktop starts and stops it. */
  readonly source?: Source;
  /** Other dialects to speak besides MAX: `aiccDialect()` from `ccbridge/host/aicc`, `beyondMax()` (the actions beyond MAX) from `ccbridge/host/beyond-max`. */
  readonly dialects?: readonly DialectFactory[];
  /** Open a frame for each new contact and close it when the contact ends. */
  readonly contactPanels?: ContactPanelOptions;
  /**
   * What one window may post: messages over it are dropped unread until the
   * window is under again (`RATE_LIMITED`, reported once each time it goes
   * over). Default 1000 messages per second; `false` for none.
   */
  readonly rateLimit?: RateLimitOptions | false;
  /**
   * What one origin may ask of the platform: commands that reach the
   * controller, in a token bucket (default 10 per second), beyond which they
   * are refused `RATE_LIMITED` without reaching it. The desktop's own
   * commands (`host.command`) are not counted. `false` for none.
   */
  readonly commandRate?: RateLimitOptions | false;
  /** What to do with a window that goes over the rate: drop its messages (default), or remove its frame if the host tracks it. */
  readonly onAbuse?: 'drop' | 'remove-frame';
  /** Where the host's coded lines go. Default: the console, warnings and errors only. */
  readonly log?: Logger;
  /** The desktop window to listen on. Default: `globalThis.window`. */
  readonly window?: Window;
}

/** What `createFrame` makes: where the frame loads from and where it goes. */
export interface FrameOptions {
  /** The page to load; its origin is allowed. */
  readonly url: string | URL;
  /** Where the `<iframe>` is appended. */
  readonly container: Element;
  /** `workspace` (default) or `contactPanel`. */
  readonly kind?: FrameKind;
  /** The contact of a contact panel. */
  readonly contactId?: number;
  /** The frame's accessible title. */
  readonly title?: string;
}

/** How `adoptFrame` treats an `<iframe>` the desktop made. */
export interface AdoptOptions {
  /** `workspace` (default) or `contactPanel`. */
  readonly kind?: FrameKind;
  /** The contact of a contact panel. */
  readonly contactId?: number;
  /** Allow the origin of the frame's current `src`, as for frames the host creates. Default true. */
  readonly allowOrigin?: boolean;
  /** Set when the frame is still loading its first document. Default: unknown. */
  readonly loading?: boolean;
}

/** A page's subscription, as the host's events and `subscriptions` report it. */
export interface SubscriptionInfo {
  /** The page's origin. */
  readonly origin: string;
  /** The `issuer` the page registered with. */
  readonly issuer: string | undefined;
  /** What it subscribed to. */
  readonly subscriptionTypes: readonly SubscriptionType[];
  /** The contact it is bound to, if any. */
  readonly contactId: number | null;
}

/** A page's contact card (`ContactCardData`), checked: the `contactCard` event. */
export interface ContactCard {
  /** The contact it describes. */
  readonly contactId: number;
  /** The customer's name. */
  readonly name: string;
  /** Absolute URL (a relative one is resolved against the sender's origin). */
  readonly userImg: string | undefined;
  readonly origin: string;
  readonly issuer: string | undefined;
}

/** Why a subscription ended: the page unregistered, reloaded or navigated away, its frame was removed, its origin's policy changed (`setPolicy`), or the host was disposed. */
export type UnsubscribeCause = 'unregistered' | 'reloaded' | 'navigated' | 'removed' | 'policy' | 'disposed';

/** A command the host heard, carried out or refused: the `command` event. */
export interface CommandReport {
  readonly origin: string;
  readonly issuer: string | undefined;
  /** The MAX command. */
  readonly messageType: CommandType;
  readonly contactId: number | null;
  /** What went to the controller (`hold`, `resume`…), or `null` when refused. */
  readonly action: ContactAction | null;
  /** Why it was refused, or `null` when it was carried out. */
  readonly refusal: Refusal | null;
}

/** An action beyond MAX the host heard, carried out or refused: the `action` event. */
export interface ActionReport {
  readonly origin: string;
  readonly issuer: string | undefined;
  readonly messageType: ActionMessageType;
  /** What went (or would have gone) to the action controller, once the message was checked; `null` when refused before. */
  readonly request: ActionRequest | null;
  /** Why it was refused, or `null` when carried out. */
  readonly refusal: Refusal | null;
  readonly detail?: string;
}

/** The host's events (`host.on`), by name, with what each listener gets. */
export interface BridgeHostEventMap {
  registration: SubscriptionInfo & { readonly acknowledgement: ClientEventSubscriptionAcknowledge };
  unsubscription: SubscriptionInfo & { readonly cause: UnsubscribeCause };
  delivery: { readonly origin: string; readonly issuer: string | undefined; readonly envelope: Envelope };
  rejection: { readonly origin: string; readonly refusal: Refusal; readonly detail: string };
  command: CommandReport;
  action: ActionReport;
  /** What to pop for a call, once the pages that search answered (`crmLink()`). */
  screenPop: ScreenPop;
  /** A call's log, saved by a CRM page (`crmLink()`). */
  callLog: SavedLog;
  contactCard: ContactCard;
  state: StateChange;
  /** The agent was muted or unmuted (agent-wide): a `Mute` event, or a mute the host passed on (rolled back if it failed). */
  mute: { readonly muted: boolean };
  /** The attached source's status changed. */
  source: SourceStatus;
  /**
   * The attached source reported a problem it recovered from or skipped
   * (an invalid platform event, a platform error message). Also logged.
   */
  sourceError: BridgeError;
}
