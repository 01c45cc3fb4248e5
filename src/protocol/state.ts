/**
 * The agent's current state, its contacts and the toggles the platform may
 * not report (mute, record), kept from the events a host, a page or a shared
 * session's tab sees. All of them use this one implementation, so a page and
 * its desktop can never disagree about which contacts are current or whether
 * the agent is muted.
 */
import { applyAction, revertAction } from './command-rules.js';
import type { ContactAction, ContactFlags } from './command-rules.js';
import { contactIdOf, isContactEvent, isFinalEvent, isSessionEnd, isTrue } from './rules.js';
import type { AgentState, ContactEvent, Mute, PlatformEvent } from './events.js';

/** What one event did to the state. */
export type StateChange =
  | { readonly kind: 'none' }
  | { readonly kind: 'agent'; readonly agentState: AgentState }
  | { readonly kind: 'contact-started'; readonly contactId: number; readonly contact: ContactEvent }
  | { readonly kind: 'contact-updated'; readonly contactId: number; readonly contact: ContactEvent }
  | { readonly kind: 'contact-ended'; readonly contactId: number; readonly contact: ContactEvent }
  | { readonly kind: 'session-ended'; readonly endedContactIds: readonly number[] };

/** The agent state, the current contacts and the agent's mute and record toggles, kept by one set of rules: the host's state, and each `BridgeClient`'s copy of it. */
export class ContactCenterState {
  #agentState: AgentState | undefined;
  // Insertion-ordered: contacts are reported in the order they started.
  readonly #contacts = new Map<number, ContactEvent>();
  /** The platform's latest `Mute` event: agent-wide (CXone mutes the agent's phone, never a call). */
  #muteEvent: Mute | undefined;
  /** Whether the agent is muted: the latest `Mute` event, or what the desktop carried out since. */
  #muted = false;
  /** The final event of the contact that ended last, until the session ends. */
  #lastEnded: ContactEvent | undefined;
  /** Contacts whose recording was started through the bridge, for platforms whose events do not say. */
  readonly #recording = new Set<number>();

  /** `onMute` hears every change of the agent's mute state, whichever way it came. */
  constructor(
    /** Hears every change of the agent's mute state. */
    readonly onMute?: (muted: boolean) => void,
  ) {}

  /** Whether the agent is muted. */
  get muted(): boolean {
    return this.#muted;
  }

  /** The platform's latest `Mute` event, to replay the state to a newcomer. */
  get muteEvent(): Mute | undefined {
    return this.#muteEvent;
  }

  /** The toggles a command's meaning depends on, for one contact. */
  flags(contactId: number): ContactFlags {
    return { muted: this.#muted, recording: this.#recording.has(contactId) };
  }

  /** An action was carried out (or confirmed): the toggles follow it. */
  carriedOut(action: ContactAction, contactId: number): void {
    this.#store(contactId, applyAction, action);
  }

  /** An action that was counted as carried out failed: the toggles go back. */
  failed(action: ContactAction, contactId: number): void {
    this.#store(contactId, revertAction, action);
  }

  #store(contactId: number, change: (action: ContactAction, flags: ContactFlags) => void, action: ContactAction): void {
    const flags = this.flags(contactId);
    change(action, flags);
    this.#setMuted(flags.muted);
    if (flags.recording) this.#recording.add(contactId);
    else this.#recording.delete(contactId);
  }

  #setMuted(muted: boolean): void {
    if (muted === this.#muted) return;
    this.#muted = muted;
    this.onMute?.(muted);
  }

  /** The latest `AgentState` event, if any. */
  get agentState(): AgentState | undefined {
    return this.#agentState;
  }

  /** The last contact that ended in this session (its final event): the one after-call work is for. */
  get lastEnded(): ContactEvent | undefined {
    return this.#lastEnded;
  }

  /** The latest event of every current contact, oldest contact first. */
  get contacts(): readonly ContactEvent[] {
    return [...this.#contacts.values()];
  }

  /** The latest event of a current contact. */
  contact(contactId: number): ContactEvent | undefined {
    return this.#contacts.get(contactId);
  }

  /**
   * Folds one validated event into the state. A contact is current from its
   * first contact event until `Status: 'Disconnected'` with a true
   * `FinalState`. `AgentSessionEnd` (or `RemoteAgentSessionEnd`) ends everything: no contact outlives the
   * session that carried it.
   */
  apply(event: PlatformEvent): StateChange {
    if (event.Type === 'AgentState') {
      this.#agentState = event as AgentState;
      return { kind: 'agent', agentState: this.#agentState };
    }
    if (event.Type === 'Mute') {
      this.#muteEvent = event as Mute;
      this.#setMuted(isTrue(event['AgentMuted']));
      return { kind: 'none' };
    }
    if (isSessionEnd(event)) {
      const endedContactIds = [...this.#contacts.keys()];
      this.#contacts.clear();
      this.#recording.clear();
      this.#lastEnded = undefined;
      this.#agentState = undefined;
      this.#muteEvent = undefined;
      this.#setMuted(false);
      return { kind: 'session-ended', endedContactIds };
    }
    if (!isContactEvent(event)) return { kind: 'none' };
    const contactId = contactIdOf(event) as number;
    const known = this.#contacts.has(contactId);
    if (isFinalEvent(event)) {
      if (!known) return { kind: 'none' };
      this.#contacts.delete(contactId);
      this.#recording.delete(contactId);
      this.#lastEnded = event;
      return { kind: 'contact-ended', contactId, contact: event };
    }
    this.#contacts.set(contactId, event);
    return { kind: known ? 'contact-updated' : 'contact-started', contactId, contact: event };
  }
}
