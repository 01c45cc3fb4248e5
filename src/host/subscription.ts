import type { PlatformEvent } from '../protocol/events.js';
import type { EnvelopeItem, Extensions, SubscriptionType } from '../protocol/max.js';
import type { LoadingState } from './frames.js';
import type { ResolvedPolicy } from './policy.js';

/**
 * One registered window. Pinned to the window *and* the origin that
 * registered: replies are posted to that exact origin, so if the frame
 * navigates elsewhere the browser drops them instead of leaking events.
 */
export class Subscription {
  readonly all: boolean;
  readonly agent: boolean;
  readonly contact: boolean;
  readonly contacts: boolean;
  readonly sessionInfo: boolean;
  /** Receives `SessionInfo`: asked for it (or `all`) and the origin is granted the token. */
  readonly receivesToken: boolean;
  /** Events waiting for the next flush. */
  queue: EnvelopeItem[] = [];
  /** Whether the frame's next `load` may be the load of the document that registered. */
  ownLoadPending: LoadingState;
  /** The extensions accepted for this page, or `undefined` for a plain MAX page. */
  extensions: Extensions | undefined;
  /** The host's end of the private channel, once negotiated. */
  port: MessagePort | undefined;
  /** The page's end, transferred with the first envelope. */
  transfer: MessagePort | undefined;
  /** The last sequence number sent (`sequence` extension). */
  seq = 0;

  constructor(
    readonly window: Window,
    readonly origin: string,
    readonly targetOrigin: string,
    readonly issuer: string | undefined,
    readonly types: ReadonlySet<SubscriptionType>,
    /** The contact the subscription is bound to, or `null`. */
    readonly contactId: number | null,
    readonly policy: ResolvedPolicy,
    ownLoadPending: LoadingState,
  ) {
    this.all = types.has('all');
    this.agent = types.has('agent');
    this.contact = types.has('contact');
    this.contacts = types.has('contacts');
    this.sessionInfo = types.has('sessioninfo');
    this.receivesToken = policy.sessionToken && (this.all || this.sessionInfo);
    this.ownLoadPending = ownLoadPending;
  }

  /** Ends the private channel, if any. */
  close(): void {
    this.port?.close();
    this.transfer?.close();
    this.port = undefined;
    this.transfer = undefined;
  }

  /** Whether a live event goes to this window (SPEC §2, subscription types). */
  wants(event: PlatformEvent, contactId: number | null): boolean {
    const matches =
      this.all ||
      (contactId === null
        ? this.agent || (this.sessionInfo && event.Type === 'AgentSessionEnd')
        : this.contacts || (this.contact && contactId === this.contactId));
    return matches && (this.policy.events === undefined || this.policy.events(event));
  }
}
