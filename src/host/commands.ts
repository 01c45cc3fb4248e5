/**
 * The desktop's side of commands: the concrete actions a controller receives.
 * Which action a MAX command means is decided by the shared rules in
 * protocol/commands.ts.
 */
import type { ContactAction } from '../protocol/commands.js';
import type { ContactEvent } from '../protocol/events.js';
import type { CommandType } from '../protocol/max.js';

export type { ContactAction };

export interface ContactCommand {
  readonly action: ContactAction;
  readonly contactId: number;
  /** The contact's latest event when the command was accepted. */
  readonly contact: ContactEvent;
}

export interface CommandContext {
  readonly origin: string;
  readonly issuer: string | undefined;
  readonly messageType: CommandType;
}

/**
 * Carries out a concrete action on the platform (a REST call, a CTI command).
 * A rejected promise or a throw is logged, and the host's local toggle state
 * (mute, record) is rolled back.
 */
export type DesktopController = (command: ContactCommand, context: CommandContext) => void | Promise<unknown>;

