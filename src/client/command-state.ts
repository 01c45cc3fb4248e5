/**
 * Which commands a page may offer for each contact now, by the same rules
 * the desktop applies, for UIs that enable and label buttons (the
 * `<ccbridge-client>` element uses it). Kept out of `BridgeClient`, so a page
 * that only listens and sends does not pay for it.
 */
import { actionFor, applyAction, isMuted } from '../protocol/commands.js';
import type { ContactFlags } from '../protocol/commands.js';
import type { CommandType } from '../protocol/max.js';
import type { BridgeClient } from './bridge-client.js';

export class CommandState {
  // Mute and record leave no trace in some platforms' events: remember what
  // the desktop confirmed (with the `results` extension).
  readonly #flags = new Map<number, ContactFlags>();
  readonly #unsubscribe: (() => void)[];

  constructor(readonly client: BridgeClient) {
    this.#unsubscribe = [
      client.on('commandResult', ({ status, action, contactId }) => {
        if (status !== 'OK' || contactId === null || action === null) return;
        const flags = this.#flags.get(contactId) ?? { muted: false, recording: false };
        applyAction(action, flags);
        this.#flags.set(contactId, flags);
      }),
      client.on('contacts', ({ change }) => {
        if (change.kind === 'contact-ended') this.#flags.delete(change.contactId);
        else if (change.kind === 'session-ended') this.#flags.clear();
      }),
    ];
  }

  /** Whether the desktop would accept `command` for the contact now. */
  canSend(command: CommandType, contactId: number): boolean {
    const contact = this.client.contact(contactId);
    return contact !== undefined && actionFor(command, contact, this.#flags.get(contactId)) !== undefined;
  }

  /** Whether the call is muted, as the platform reports it or as the desktop confirmed it. */
  isMuted(contactId: number): boolean {
    const contact = this.client.contact(contactId);
    return contact !== undefined && isMuted(contact, this.#flags.get(contactId));
  }

  dispose(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
  }
}
