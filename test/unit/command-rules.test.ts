/** What each MAX command means in each contact state: the rules host and client share (protocol/command-rules.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { actionFor, appliesTo, applyAction, revertAction } from '../../src/protocol/command-rules.js';
import type { ContactAction, ContactFlags } from '../../src/protocol/command-rules.js';
import type { ContactEvent } from '../../src/protocol/events.js';
import type { CommandType } from '../../src/protocol/max.js';

const call = (Status: string, extra: Record<string, unknown> = {}): ContactEvent => ({ Type: 'CallContactEvent', ContactID: 1, Status, ...extra }) as ContactEvent;
const chat = (Status: string): ContactEvent => ({ Type: 'TextContactEvent', ContactID: 2, Status }) as ContactEvent;
const flags = (muted: boolean, recording: boolean): ContactFlags => ({ muted, recording });

describe('actionFor: a command, a contact in a state, what the desktop does', () => {
  const table: [CommandType, ContactEvent, ContactFlags | undefined, ContactAction | undefined][] = [
    ['AnswerEvent', call('Incoming'), undefined, 'accept'],
    ['AnswerEvent', call('Ringing'), undefined, 'accept'],
    ['AnswerEvent', chat('Offered'), undefined, 'accept'],
    ['AnswerEvent', call('Active'), undefined, undefined],
    ['RefuseEvent', call('Routing'), undefined, 'reject'],
    ['RefuseEvent', call('Active'), undefined, undefined],
    ['HoldEvent', call('Active'), undefined, 'hold'],
    ['HoldEvent', call('Holding'), undefined, 'resume'],
    ['HoldEvent', call('Dialing'), undefined, undefined],
    ['HoldEvent', chat('Active'), undefined, undefined],
    ['MaskEvent', call('Active'), undefined, 'mask'],
    ['MaskEvent', call('Masking'), undefined, 'unmask'],
    ['MuteEvent', call('Active'), undefined, 'mute'],
    ['MuteEvent', call('Active'), flags(true, false), 'unmute'],
    ['MuteEvent', call('Holding'), flags(true, false), 'unmute'],
    ['MuteEvent', call('Joined'), undefined, 'mute'],
    ['MuteEvent', call('Incoming'), undefined, undefined],
    ['HoldEvent', call('Joined'), undefined, undefined],
    ['HangupEvent', call('Joined'), undefined, 'end'],
    ['HangupEvent', call('NaturalCallDialing'), undefined, 'end'],
    ['HangupEvent', call('NaturalCallRinging'), undefined, 'end'],
    ['HangupEvent', call('NaturalCallAMD'), undefined, 'end'],
    ['HangupEvent', call('CallBackDisconnected'), undefined, undefined],
    ['MuteEvent', call('Conference'), undefined, undefined],
    ['RecordEvent', call('Active'), undefined, 'record'],
    ['RecordEvent', call('Active'), flags(false, true), undefined],
    ['RecordEvent', call('Active', { IsLogging: 'True' }), undefined, undefined],
    ['HangupEvent', call('Active'), undefined, 'end'],
    ['HangupEvent', call('Dialing'), undefined, 'end'],
    ['HangupEvent', chat('Active'), undefined, 'end'],
    ['HangupEvent', call('Incoming'), undefined, undefined],
    ['HangupEvent', call('Disconnected'), undefined, undefined],
  ];
  for (const [command, contact, state, expected] of table) {
    it(`${command} on a ${contact.Type} ${contact.Status}${state ? ` ${JSON.stringify(state)}` : ''} → ${expected ?? 'refused'}`, () => {
      assert.equal(actionFor(command, contact, state), expected);
    });
  }
});

describe('appliesTo: which contacts a command with no contact id can mean', () => {
  const table: [CommandType, ContactEvent, boolean][] = [
    ['AnswerEvent', call('Incoming'), true],
    ['AnswerEvent', call('Active'), false],
    ['HoldEvent', chat('Active'), false],
    ['HoldEvent', call('Dialing'), true],
    ['HangupEvent', chat('Active'), true],
    ['HangupEvent', call('Incoming'), false],
    ['HangupEvent', call('Disconnected'), false],
  ];
  for (const [command, contact, expected] of table) {
    it(`${command} ${expected ? 'applies' : 'does not apply'} to a ${contact.Type} ${contact.Status}`, () => {
      assert.equal(appliesTo(command, contact), expected);
    });
  }
});

describe('applyAction and revertAction: the toggles a desktop remembers', () => {
  const table: [ContactAction, ContactFlags, ContactFlags][] = [
    ['mute', flags(false, false), flags(true, false)],
    ['unmute', flags(true, false), flags(false, false)],
    ['record', flags(false, false), flags(false, true)],
    ['hold', flags(true, true), flags(true, true)],
    ['end', flags(false, false), flags(false, false)],
  ];
  for (const [action, before, after] of table) {
    it(`${action}: ${JSON.stringify(before)} → ${JSON.stringify(after)}, and back`, () => {
      const state = { ...before };
      applyAction(action, state);
      assert.deepEqual(state, after);
      revertAction(action, state);
      assert.deepEqual(state, before);
    });
  }
});
