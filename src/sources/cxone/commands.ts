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
 * | agentLogout | `DELETE` (ends the session) |
 * | agentLogin | none: `start()` logs in (rejected with `UNSUPPORTED`) |
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import type { SourceCommand } from '../source.js';

export interface CommandRequest {
  readonly method: 'POST' | 'DELETE';
  readonly path: string;
  readonly body: unknown;
}

export function commandRequest(command: SourceCommand): CommandRequest {
  switch (command.action) {
    case 'agentLogout':
      return { method: 'DELETE', path: '', body: undefined };
    case 'agentLogin':
      throw new BridgeError(ErrorCode.Unsupported, 'CometSource: an agent session logs in with start()');
    case 'dial':
      return { method: 'POST', path: '/dial-phone', body: { phoneNumber: command.phoneNumber, skillName: command.skillName ?? '' } };
    case 'setState':
      return { method: 'POST', path: '/state', body: { state: command.state, ...(command.reason === undefined ? {} : { reason: command.reason }) } };
    default:
      return { method: 'POST', path: `/interactions/${command.contactId}/${command.action}`, body: undefined };
  }
}
