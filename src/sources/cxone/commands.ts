/**
 * Commands as CXone agent-session REST calls, relative to
 * `…/agent-sessions/{sessionId}`. One table, so it can be read against the
 * platform's API reference.
 *
 * | command | call |
 * |---|---|
 * | accept, reject, hold, resume, end, mask, unmask, record | `POST /interactions/{contactId}/{action}` |
 * | mute, unmute | `POST /interactions/{contactId}/mute`, `…/unmute` |
 * | dial | `POST /dial-phone` `{ phoneNumber, skillName }` |
 * | setState | `POST /state` `{ state, reason }` |
 */
import type { SourceCommand } from '../source.js';

export interface CommandRequest {
  readonly path: string;
  readonly body: unknown;
}

export function commandRequest(command: SourceCommand): CommandRequest {
  switch (command.action) {
    case 'dial':
      return { path: '/dial-phone', body: { phoneNumber: command.phoneNumber, skillName: command.skillName ?? '' } };
    case 'setState':
      return { path: '/state', body: { state: command.state, ...(command.reason === undefined ? {} : { reason: command.reason }) } };
    default:
      return { path: `/interactions/${command.contactId}/${command.action}`, body: undefined };
  }
}
