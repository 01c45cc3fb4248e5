/**
 * The agent's current state and contacts, kept from the events a host or
 * client sees. Host and client use this one implementation, so a page and its
 * desktop can never disagree about which contacts are current.
 */
import { contactIdOf, isContactEvent, isFinalEvent, isSessionEnd } from './rules.js';
import type { AgentState, ContactEvent, PlatformEvent } from './events.js';

/** What one event did to the state. */
export type StateChange =
  | { readonly kind: 'none' }
  | { readonly kind: 'agent'; readonly agentState: AgentState }
  | { readonly kind: 'contact-started'; readonly contactId: number; readonly contact: ContactEvent }
  | { readonly kind: 'contact-updated'; readonly contactId: number; readonly contact: ContactEvent }
  | { readonly kind: 'contact-ended'; readonly contactId: number; readonly contact: ContactEvent }
  | { readonly kind: 'session-ended'; readonly endedContactIds: readonly number[] };

export class ContactCenterState {
  #agentState: AgentState | undefined;
  // Insertion-ordered: contacts are reported in the order they started.
  readonly #contacts = new Map<number, ContactEvent>();

  get agentState(): AgentState | undefined {
    return this.#agentState;
  }

  /** The latest event of every current contact, oldest contact first. */
  get contacts(): readonly ContactEvent[] {
    return [...this.#contacts.values()];
  }

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
    if (isSessionEnd(event)) {
      const endedContactIds = [...this.#contacts.keys()];
      this.#contacts.clear();
      this.#agentState = undefined;
      return { kind: 'session-ended', endedContactIds };
    }
    if (!isContactEvent(event)) return { kind: 'none' };
    const contactId = contactIdOf(event) as number;
    const known = this.#contacts.has(contactId);
    if (isFinalEvent(event)) {
      if (!known) return { kind: 'none' };
      this.#contacts.delete(contactId);
      return { kind: 'contact-ended', contactId, contact: event };
    }
    this.#contacts.set(contactId, event);
    return { kind: known ? 'contact-updated' : 'contact-started', contactId, contact: event };
  }
}
