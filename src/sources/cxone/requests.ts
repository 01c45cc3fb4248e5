/**
 * Commands as CXone agent-session REST calls, relative to
 * `…/agent-sessions/{sessionId}` (the latest session id a poll returned).
 * One table, read against NICE's own agent SDK (its `ApiUriConstants`) and
 * the seed; docs/platforms.md has the sources.
 *
 * | command | call |
 * |---|---|
 * | accept, reject, hold, resume, mask, unmask, record, end | `POST /interactions/{contactId}/{action}` |
 * | stopRecord | `POST /interactions/{contactId}/stop-record` |
 * | mute, unmute | `POST /agent-phone/mute`, `/agent-phone/unmute`: the agent's phone, not a contact; no body |
 * | dial | `POST /dial-phone` `{ phoneNumber, skillName }` (v12.0 to v22.0) or `{ phoneNumber, skillId }` (v23.0 and later); no empty skill is sent |
 * | setState | `POST /state` `{ state, reason }` |
 * | endWrapUp | `POST /interactions/{contactId}/disposition` `{ primaryDispositionId, primaryDispositionNotes }`; with no disposition, `POST /state` `{ state: 'Available' }`. Tags go first, outside the session: `POST services/v23.0/contacts/{contactId}/tags` `{ tags }` (comet-source.ts) |
 * | transfer, consult | `POST /interactions/{contactId}/hold` (unless held), then `POST /dial-phone` `{ phoneNumber }`: the consult call (NICE's SDK dials while the call is held) |
 * | transfer, blind | the consult's requests; once the consult call is in the session's events, `POST /interactions/transfer-calls` (comet-source.ts) |
 * | transfer, complete | `POST /interactions/transfer-calls`: the held and the consult call are joined; no body |
 * | transfer, cancel | `POST /interactions/{consultId}/end`, then `POST /interactions/{contactId}/resume` |
 * | conference | `POST /interactions/conference-calls`; no body |
 * | setContactData | `POST /interactions/{contactId}/custom-data` `{ indicatorName, data: 'key=value\|key=value' }` (NICE's SDK posts a custom form's data so); a value with `\|` or `=` in it cannot be sent this way (`INVALID_OPTION`) |
 * | agentLogout | `DELETE` (ends the session) |
 * | agentLogin | none: `start()` logs in (rejected with `UNSUPPORTED`) |
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import type { SourceCommand } from '../source.js';

/** The REST request that carries out a command, relative to the agent session's URL. */
export interface CommandRequest {
  readonly method: 'POST' | 'DELETE';
  readonly path: string;
  readonly body: unknown;
}

/** The API version's major number (`v23.0` → 23). */
export function apiMajor(apiVersion: string): number {
  return Number(/^v(\d+)\./.exec(apiVersion)?.[1] ?? 0);
}

/** A step of a command: a request, or (`awaitCall`) waiting until the consult call is in the session's events. */
export type CommandStep = CommandRequest | { readonly awaitCall: true };

/** The requests CXone's agent API takes for `command`, in order (the table above): one for most commands, several for a transfer. */
export function commandSteps(command: SourceCommand, apiVersion = 'v12.0', indicatorName = 'ccbridge'): readonly CommandStep[] {
  if (command.action === 'conference') return [{ method: 'POST', path: '/interactions/conference-calls', body: undefined }];
  if (command.action === 'setContactData') {
    const pairs = Object.entries(command.data);
    const bad = pairs.find(([key, value]) => /[|=]/.test(key) || /[|=]/.test(value));
    if (bad !== undefined) throw new BridgeError(ErrorCode.InvalidOption, `CometSource: CXone's custom data is 'key=value|…': '${bad[0]}' cannot carry a | or =`);
    return [{ method: 'POST', path: `/interactions/${command.contactId}/custom-data`, body: { indicatorName, data: pairs.map(([key, value]) => `${key}=${value}`).join('|') } }];
  }
  if (command.action !== 'transfer') return [commandRequest(command, apiVersion)];
  const transfer: CommandRequest = { method: 'POST', path: '/interactions/transfer-calls', body: undefined };
  if (!('phoneNumber' in command)) {
    if (command.mode === 'complete') return [transfer];
    return [
      { method: 'POST', path: `/interactions/${command.consultId}/end`, body: undefined },
      { method: 'POST', path: `/interactions/${command.contactId}/resume`, body: undefined },
    ];
  }
  const hold: CommandStep[] = command.held === true ? [] : [{ method: 'POST', path: `/interactions/${command.contactId}/hold`, body: undefined }];
  const consult: CommandStep[] = [...hold, { method: 'POST', path: '/dial-phone', body: { phoneNumber: command.phoneNumber } }];
  return command.mode === 'consult' ? consult : [...consult, { awaitCall: true }, transfer];
}

/** The request CXone's agent API takes for `command` at `apiVersion` (the table above); throws `UNSUPPORTED` for a command CXone cannot carry out this way. */
export function commandRequest(command: SourceCommand, apiVersion = 'v12.0'): CommandRequest {
  switch (command.action) {
    case 'agentLogout':
      return { method: 'DELETE', path: '', body: undefined };
    case 'agentLogin':
      throw new BridgeError(ErrorCode.Unsupported, 'CometSource: an agent session logs in with start()');
    case 'dial':
      return { method: 'POST', path: '/dial-phone', body: dialBody(command, apiMajor(apiVersion)) };
    case 'setState':
      return { method: 'POST', path: '/state', body: { state: command.state, ...(command.reason === undefined ? {} : { reason: command.reason }) } };
    case 'endWrapUp':
      // With a disposition, NICE's SDK saves it on the contact's interaction; without one, the agent becomes available.
      return command.dispositionId === undefined
        ? { method: 'POST', path: '/state', body: { state: 'Available' } }
        : { method: 'POST', path: `/interactions/${command.contactId}/disposition`, body: { primaryDispositionId: command.dispositionId, primaryDispositionNotes: command.notes ?? '' } };
    case 'mute':
    case 'unmute':
      // Agent-wide: the agent's phone leg is muted, whatever the contact.
      return { method: 'POST', path: `/agent-phone/${command.action}`, body: undefined };
    case 'stopRecord':
      return { method: 'POST', path: `/interactions/${command.contactId}/stop-record`, body: undefined };
    case 'transfer':
    case 'conference':
    case 'setContactData':
      throw new BridgeError(ErrorCode.Unsupported, `CometSource: ${command.action} takes several requests (commandSteps)`);
    default:
      return { method: 'POST', path: `/interactions/${command.contactId}/${command.action}`, body: undefined };
  }
}

function dialBody(command: Extract<SourceCommand, { action: 'dial' }>, major: number): Record<string, unknown> {
  if (major >= 23) {
    if (command.skillId === undefined && command.skillName !== undefined && command.skillName !== '') {
      throw new BridgeError(ErrorCode.InvalidOption, 'CometSource: from API v23.0 a dial names its skill by skillId (a number), not skillName');
    }
    return { phoneNumber: command.phoneNumber, ...(command.skillId === undefined ? {} : { skillId: command.skillId }) };
  }
  return { phoneNumber: command.phoneNumber, ...(command.skillName === undefined || command.skillName === '' ? {} : { skillName: command.skillName }) };
}
