/**
 * Which commands a page may offer for each contact now, by the same rules
 * the desktop applies, for UIs that enable and label buttons (the
 * `<ccbridge-client>` element uses it). Kept out of `BridgeClient`, so a page
 * that only listens and sends does not pay for it. The toggles (mute,
 * record) are the client's state's (`BridgeClient.flags`), kept by the same
 * rules as the desktop's.
 */
import { actionFor, isMuted } from '../protocol/command-rules.js';
import type { CommandType } from '../protocol/max.js';
import type { BridgeClient } from './bridge-client.js';

/** Which commands a page may offer for each contact now, by the desktop's rules and the page's rights. */
export class CommandState {
  /** Reads `client`'s state and rights. */
  constructor(readonly client: BridgeClient) {}

  /** Whether the desktop would accept `command` for the contact now: the page may send it, and it is valid in the contact's state. */
  canSend(command: CommandType, contactId: number): boolean {
    const contact = this.client.contact(contactId);
    return contact !== undefined && this.client.permits(command) && actionFor(command, contact, this.client.flags(contactId)) !== undefined;
  }

  /** Whether the desktop lets this page send `command` at all (its origin's policy). */
  permits(command: CommandType): boolean {
    return this.client.permits(command);
  }

  /** Whether the agent is muted on this call, as the platform reported it (`Mute`) or the desktop confirmed it. */
  isMuted(contactId: number): boolean {
    const contact = this.client.contact(contactId);
    return contact !== undefined && isMuted(contact, this.client.flags(contactId));
  }

  /** Nothing to release: the state is the client's. Kept so callers need not change. */
  dispose(): void {}
}
