/** The host's public types: its options and the events it reports. */
import type { BridgeError, Refusal } from '../protocol/errors.js';
import type { ContactAction } from '../protocol/command-rules.js';
import type { ClientEventSubscriptionAcknowledge, Envelope } from '../protocol/envelope.js';
import type { CommandType, SubscriptionType } from '../protocol/max.js';
import type { StateChange } from '../protocol/state.js';
import type { Source, SourceStatus } from '../sources/source.js';
import type { DesktopController } from './command-desk.js';
import type { ContactPanelOptions } from './contact-panels.js';
import type { DialectFactory } from './dialect.js';
import type { FrameKind } from './frames.js';
import type { Logger } from './logger.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { OriginPolicy } from './policy.js';

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
  /** Other dialects to speak besides MAX, e.g. `aiccDialect()` from `ccbridge/host/aicc`. */
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
  readonly log?: Logger;
  /** The desktop window to listen on. Default: `globalThis.window`. */
  readonly window?: Window;
}

export interface FrameOptions {
  readonly url: string | URL;
  readonly container: Element;
  readonly kind?: FrameKind;
  /** The contact of a contact panel. */
  readonly contactId?: number;
  /** The frame's accessible title. */
  readonly title?: string;
}

export interface AdoptOptions {
  readonly kind?: FrameKind;
  readonly contactId?: number;
  /** Allow the origin of the frame's current `src`, as for frames the host creates. Default true. */
  readonly allowOrigin?: boolean;
  /** Set when the frame is still loading its first document. Default: unknown. */
  readonly loading?: boolean;
}

export interface SubscriptionInfo {
  readonly origin: string;
  readonly issuer: string | undefined;
  readonly subscriptionTypes: readonly SubscriptionType[];
  readonly contactId: number | null;
}

export interface ContactCard {
  readonly contactId: number;
  readonly name: string;
  /** Absolute URL (a relative one is resolved against the sender's origin). */
  readonly userImg: string | undefined;
  readonly origin: string;
  readonly issuer: string | undefined;
}

export type UnsubscribeCause = 'unregistered' | 'reloaded' | 'navigated' | 'removed' | 'disposed';

export interface CommandReport {
  readonly origin: string;
  readonly issuer: string | undefined;
  readonly messageType: CommandType;
  readonly contactId: number | null;
  readonly action: ContactAction | null;
  readonly refusal: Refusal | null;
}

export interface BridgeHostEventMap {
  registration: SubscriptionInfo & { readonly acknowledgement: ClientEventSubscriptionAcknowledge };
  unsubscription: SubscriptionInfo & { readonly cause: UnsubscribeCause };
  delivery: { readonly origin: string; readonly issuer: string | undefined; readonly envelope: Envelope };
  rejection: { readonly origin: string; readonly refusal: Refusal; readonly detail: string };
  command: CommandReport;
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
