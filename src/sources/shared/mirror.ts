/**
 * The session's state as one tab of a shared session knows it: the agent
 * state, the mute state and the current contacts, kept from the events the
 * tab reported. It is what a late tab starts from (`snapshot`), and how a
 * tab that lost track moves to the leader's state (`difference`).
 */
import type { PlatformEvent } from '../../protocol/events.js';
import { ContactCenterState } from '../../protocol/state.js';

export class Mirror {
  readonly #state = new ContactCenterState();

  apply(events: readonly PlatformEvent[]): void {
    for (const event of events) this.#state.apply(event);
  }

  /** The state as events: the agent state, the mute state, every current contact's latest event. */
  snapshot(): PlatformEvent[] {
    const { agentState, muteEvent } = this.#state;
    return [...(agentState === undefined ? [] : [agentState]), ...(muteEvent === undefined ? [] : [muteEvent]), ...this.#state.contacts];
  }

  /**
   * The events that move this state to `snapshot` (another tab's), and only
   * those: the contacts known here that are not in it end (their last event,
   * now final), and every event of it that differs from what is known here
   * is reported as it is now. Nothing is invented beyond the ends, which
   * are marked `Reconciled: 'True'` so a page can tell they were inferred.
   */
  difference(snapshot: readonly PlatformEvent[]): PlatformEvent[] {
    const known = new Set(this.snapshot().map((event) => JSON.stringify(event)));
    const live = new Set(snapshot.map((event) => event['ContactID']).filter((id) => id !== undefined).map(String));
    const events: PlatformEvent[] = this.#state.contacts
      .filter((contact) => !live.has(String(contact.ContactID)))
      .map((contact) => ({ ...contact, Status: 'Disconnected', FinalState: 'True', Reconciled: 'True' }));
    for (const event of snapshot) if (!known.has(JSON.stringify(event))) events.push(event);
    return events;
  }
}
