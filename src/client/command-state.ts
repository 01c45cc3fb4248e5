/**
 * Which commands a page may offer for each contact now, by the same rules
 * the desktop applies, for UIs that enable and label buttons (the
 * `<ccbridge-client>` element uses it). Kept out of `BridgeClient`, so a page
 * that only listens and sends does not pay for it.
 */
import { actionFor, applyAction, isMuted } from '../protocol/commands.js';
import { isTrue } from '../protocol/rules.js';
import type { ContactFlags } from '../protocol/commands.js';
import type { CommandType } from '../protocol/max.js';
import type { BridgeClient } from './bridge-client.js';

export class CommandState {
  // Mute is the agent's (a `Mute` event says so, when the page subscribes to
  // agent events); record leaves no trace in some platforms' events: remember
  // what the desktop confirmed (with the `results` extension).
  #muted = false;
  readonly #recording = new Set<number>();
  readonly #unsubscribe: (() => void)[];

  constructor(readonly client: BridgeClient) {
    this.#unsubscribe = [
      client.on('commandResult', ({ status, action, contactId }) => {
        if (status !== 'OK' || contactId === null || action === null) return;
        const flags = this.#flags(contactId);
        applyAction(action, flags);
        this.#muted = flags.muted;
        if (flags.recording) this.#recording.add(contactId);
      }),
      client.onEvent('Mute', (event) => (this.#muted = isTrue(event.AgentMuted))),
      client.on('contacts', ({ change }) => {
        if (change.kind === 'contact-ended') this.#recording.delete(change.contactId);
        else if (change.kind === 'session-ended') {
          this.#recording.clear();
          this.#muted = false;
        }
      }),
    ];
  }

  /** Whether the desktop would accept `command` for the contact now. */
  canSend(command: CommandType, contactId: number): boolean {
    const contact = this.client.contact(contactId);
    return contact !== undefined && actionFor(command, contact, this.#flags(contactId)) !== undefined;
  }

  /** Whether the agent is muted on this call, as the platform reported it (`Mute`) or the desktop confirmed it. */
  isMuted(contactId: number): boolean {
    const contact = this.client.contact(contactId);
    return contact !== undefined && isMuted(contact, this.#flags(contactId));
  }

  #flags(contactId: number): ContactFlags {
    return { muted: this.#muted, recording: this.#recording.has(contactId) };
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}
