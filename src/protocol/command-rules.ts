/**
 * What a MAX command means for a contact in its current state.
 *
 * MAX commands are toggles with no argument ("HoldEvent" holds, and resumes
 * the second time), and MAX acts only when the command is valid in the
 * current state. Host and client share these rules: the host decides which
 * concrete action a command means (and refuses it otherwise), and the client
 * enables only the buttons whose command is valid.
 */
import { isTrue } from './rules.js';
import type { ContactEvent } from './events.js';
import type { CommandType } from './max.js';

/** What a command asks the platform to do to a contact; toggles resolve to one side (`hold` or `resume`). */
export type ContactAction =
  | 'accept'
  | 'reject'
  | 'hold'
  | 'resume'
  | 'mute'
  | 'unmute'
  | 'mask'
  | 'unmask'
  | 'record'
  | 'end';

/**
 * What a host or client remembers beyond the platform's events: whether the
 * agent is muted (agent-wide: CXone mutes the agent's phone, and reports it
 * with a `Mute` event, never on a call) and whether it started recording a
 * call (a call's `IsLogging` takes precedence).
 */
export interface ContactFlags {
  muted: boolean;
  recording: boolean;
}

/** Statuses in which the accept/refuse prompt is up. */
const OFFERED: ReadonlySet<string> = new Set(['Incoming', 'Ringing', 'Offered', 'Routing']);
/**
 * Statuses of a call that is connected (talking, held, masked, or joined to
 * a conference). CXone has no `Conference` status: a joined call is `Joined`.
 */
const CONNECTED: ReadonlySet<string> = new Set(['Active', 'Holding', 'Masking', 'Joined']);
/** Statuses of a call that is over, or never to be picked up (a dialer callback that dropped). */
const OVER: ReadonlySet<string> = new Set(['Disconnected', 'CallBackDisconnected']);

/** Commands that act on a voice call only. */
const CALL_ONLY: ReadonlySet<CommandType> = new Set(['HoldEvent', 'MuteEvent', 'MaskEvent', 'RecordEvent']);

/** Whether the contact is offered to the agent (`Incoming`, `Ringing`…): it can be answered or refused. */
export function isOffered(contact: ContactEvent): boolean {
  return OFFERED.has(contact.Status);
}

/** Whether `command` can apply to `contact` at all (used to pick a default target). */
export function appliesTo(command: CommandType, contact: ContactEvent): boolean {
  if (command === 'AnswerEvent' || command === 'RefuseEvent') return isOffered(contact);
  if (CALL_ONLY.has(command)) return contact.Type === 'CallContactEvent';
  return !isOffered(contact) && !OVER.has(contact.Status);
}

/** Whether the agent is muted: on a call, the agent-wide state the desktop knows (`Mute` events, or what it asked). */
export function isMuted(contact: ContactEvent, flags: ContactFlags | undefined): boolean {
  return contact.Type === 'CallContactEvent' && (flags?.muted ?? false);
}

/** Whether the call is being recorded: the platform says so (`IsLogging`), or the desktop started it. */
export function isRecording(contact: ContactEvent, flags: ContactFlags | undefined): boolean {
  const reported = contact.Type === 'CallContactEvent' && isTrue(contact.IsLogging);
  return reported || (flags?.recording ?? false);
}

/**
 * The action `command` means for `contact` now, or `undefined` when it is not
 * valid in the contact's current state.
 */
export function actionFor(command: CommandType, contact: ContactEvent, flags: ContactFlags | undefined): ContactAction | undefined {
  const status = contact.Status;
  if (CALL_ONLY.has(command) && contact.Type !== 'CallContactEvent') return undefined;
  switch (command) {
    case 'AnswerEvent':
      return isOffered(contact) ? 'accept' : undefined;
    case 'RefuseEvent':
      return isOffered(contact) ? 'reject' : undefined;
    case 'HoldEvent':
      return status === 'Active' ? 'hold' : status === 'Holding' ? 'resume' : undefined;
    case 'MaskEvent':
      return status === 'Active' ? 'mask' : status === 'Masking' ? 'unmask' : undefined;
    case 'MuteEvent':
      if (!CONNECTED.has(status)) return undefined;
      return isMuted(contact, flags) ? 'unmute' : 'mute';
    case 'RecordEvent':
      return CONNECTED.has(status) && !isRecording(contact, flags) ? 'record' : undefined;
    case 'HangupEvent':
      // Dialing, a dialer's NaturalCallDialing/Ringing/AMD and connected calls can be ended.
      return isOffered(contact) || OVER.has(status) ? undefined : 'end';
  }
}

/** Updates the host's own toggle state once an action is passed on. */
export function applyAction(action: ContactAction, flags: ContactFlags): void {
  if (action === 'mute') flags.muted = true;
  else if (action === 'unmute') flags.muted = false;
  else if (action === 'record') flags.recording = true;
}

/** Undoes `applyAction` when the controller reports a failure. */
export function revertAction(action: ContactAction, flags: ContactFlags): void {
  if (action === 'mute') flags.muted = false;
  else if (action === 'unmute') flags.muted = true;
  else if (action === 'record') flags.recording = false;
}
