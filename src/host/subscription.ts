import { isSessionEnd } from '../protocol/rules.js';
import type { Extensions } from '../protocol/envelope.js';
import type { PlatformEvent } from '../protocol/events.js';
import type { EnvelopeItem } from '../protocol/envelope.js';
import type { SubscriptionType } from '../protocol/max.js';
import type { ContactCenterState } from '../protocol/state.js';
import type { Mailbox } from './delivery.js';
import type { LoadingState } from './frames.js';
import type { ResolvedPolicy } from './policy.js';
import type { SubscriptionInfo } from './types.js';

/**
 * One registered window. Pinned to the window *and* the origin that
 * registered: replies are posted to that exact origin (its `mailbox`), so if
 * the frame navigates elsewhere the browser drops them instead of leaking
 * events.
 */
export class Subscription {
  readonly all: boolean;
  readonly agent: boolean;
  readonly contact: boolean;
  readonly contacts: boolean;
  readonly sessionInfo: boolean;
  /** Receives `SessionInfo`: asked for it (or `all`) and the origin is granted the token. */
  readonly receivesToken: boolean;
  /** Whether the frame's next `load` may be the load of the document that registered. */
  ownLoadPending: LoadingState;

  constructor(
    readonly mailbox: Mailbox,
    readonly origin: string,
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

  get window(): Window {
    return this.mailbox.window;
  }

  /** The ccbridge extensions the page negotiated; `undefined` for a plain MAX page. */
  get extensions(): Extensions | undefined {
    return this.mailbox.extensions;
  }

  /** Whether a live event goes to this window (docs/protocol.md: subscription types). */
  wants(event: PlatformEvent, contactId: number | null): boolean {
    const matches =
      this.all ||
      (contactId === null
        ? this.agent || (this.sessionInfo && isSessionEnd(event))
        : this.contacts || (this.contact && contactId === this.contactId));
    return matches && (this.policy.events === undefined || this.policy.events(event));
  }

  /** What the window gets right after its acknowledgement (docs/protocol.md), filtered by the origin's policy. */
  initialState(state: ContactCenterState, sessionToken: string | null): EnvelopeItem[] {
    const items: PlatformEvent[] = [];
    const { agentState } = state;
    if ((this.all || this.agent) && agentState !== undefined) items.push(agentState);
    if (this.all || this.contacts) items.push(...state.contacts);
    else if (this.contact && this.contactId !== null) {
      const contact = state.contact(this.contactId);
      if (contact !== undefined) items.push(contact);
    }
    const { events, sessionToken: granted } = this.policy;
    const seen = events === undefined ? items : items.filter(events);
    const allowed: EnvelopeItem[] = granted ? seen : seen.map((event) => redact(event, sessionToken));
    if (this.receivesToken && sessionToken !== null) allowed.push({ messageType: 'SessionInfo', sessionToken });
    return allowed;
  }

  info(): SubscriptionInfo {
    return { origin: this.origin, issuer: this.issuer, subscriptionTypes: [...this.types], contactId: this.contactId };
  }
}

/**
 * An event as an origin without the token grant may see it: no `SessionId`
 * (CXone's `AgentSessionStart`/`End` carry the session id, which is what
 * `SessionInfo` gives granted origins) and no field equal to the current
 * token. The event itself when there is nothing to remove.
 */
export function redact(event: PlatformEvent, sessionToken: string | null): PlatformEvent {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(event)) {
    if (key === 'SessionId' || (sessionToken !== null && event[key] === sessionToken)) {
      copy ??= { ...event };
      delete copy[key];
    }
  }
  return (copy ?? event) as PlatformEvent;
}
