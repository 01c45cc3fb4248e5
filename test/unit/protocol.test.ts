/** Protocol helpers: which messages are MAX's, batches parsed all or nothing, the AICC mapping table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AICC_IDENTIFIERS, AiccTranslator } from '../../src/protocol/aicc.js';
import type { AiccIdentifier } from '../../src/protocol/aicc.js';
import { BridgeError } from '../../src/protocol/errors.js';
import { parsePlatformEvent, parsePlatformEvents } from '../../src/protocol/events.js';
import type { PlatformEvent } from '../../src/protocol/events.js';
import { maxMessageType } from '../../src/protocol/max.js';
import { ChildMessage } from '../../src/protocol/index.js';
import { agentState, call, ended } from '../helpers/events.js';

describe('maxMessageType: a MAX message, valid or not, versus other traffic', () => {
  const table: [unknown, string | undefined][] = [
    [{ messageType: 'RegisterForClientEvents' }, 'RegisterForClientEvents'],
    [{ messageType: 'HangupEvent', contactId: 'x' }, 'HangupEvent'],
    [{ messageType: 'ContactCardData' }, 'ContactCardData'],
    [{ messageType: 'hangupevent' }, undefined],
    [{ messageType: 'toString' }, undefined],
    [{ type: 'webpackOk' }, undefined],
    ['RegisterForClientEvents', undefined],
    [null, undefined],
    [Object.create({ messageType: 'HangupEvent' }), undefined],
  ];
  for (const [data, type] of table) {
    it(`${JSON.stringify(data)} → ${String(type)}`, () => assert.equal(maxMessageType(data), type));
  }
});

describe('ChildMessage: contact ids and lengths checked in code', () => {
  const table: [unknown, boolean][] = [
    [{ messageType: 'HoldEvent', contactId: 12 }, true],
    [{ messageType: 'HoldEvent', contactId: '12' }, true],
    [{ messageType: 'HoldEvent', contactId: null }, true],
    [{ messageType: 'HoldEvent' }, true],
    [{ messageType: 'HoldEvent', contactId: 0 }, false],
    [{ messageType: 'HoldEvent', contactId: 1.5 }, false],
    [{ messageType: 'HoldEvent', contactId: 2 ** 53 }, false],
    [{ messageType: 'HoldEvent', contactId: '012' }, false],
    [{ messageType: 'HoldEvent', contactId: '12345678901234567' }, false],
    [{ messageType: 'HoldEvent', ccbridge: { requestId: 3 } }, true],
    [{ messageType: 'ContactCardData', contactCardData: { name: 'Ada' } }, true],
    [{ messageType: 'ContactCardData', contactCardData: { name: '' } }, false],
    [{ messageType: 'ContactCardData', contactCardData: { name: 'x'.repeat(513) } }, false],
    [{ messageType: 'ContactCardData', contactCardData: { name: 'Ada', userImg: 7 } }, false],
  ];
  for (const [message, valid] of table) {
    it(`${JSON.stringify(message).slice(0, 90)} is ${valid ? 'valid' : 'refused'}`, () => assert.equal(ChildMessage.safeParse(message).success, valid));
  }
  it('drops an invalid request id or issuer instead of refusing the command', () => {
    assert.deepEqual(ChildMessage.parse({ messageType: 'HoldEvent', ccbridge: { requestId: -1 }, issuer: 42 }), { messageType: 'HoldEvent', ccbridge: undefined, issuer: undefined });
    assert.deepEqual(ChildMessage.parse({ messageType: 'HoldEvent', issuer: 'x'.repeat(257) }), { messageType: 'HoldEvent', issuer: undefined });
  });
});

describe('parsePlatformEvents: all or nothing', () => {
  it('returns every event of a valid batch', () => {
    assert.equal(parsePlatformEvents([agentState('Available'), call(1, 'Incoming')]).length, 2);
  });
  it('names every invalid event and applies none', () => {
    assert.throws(
      () => parsePlatformEvents([agentState('Available'), { Type: '' }, call('x', 'Active')]),
      (error: unknown) => error instanceof BridgeError && error.code === 'INVALID_EVENT' && Array.isArray(error.details) && error.details.length === 2,
    );
  });
});

describe('AICC mapping table (README: The AICC dialect)', () => {
  const event = (value: unknown): PlatformEvent => (parsePlatformEvent(value) as { data: PlatformEvent }).data;
  const seen = new Set<AiccIdentifier>();
  // Each row: what happens next on one desktop, and the identifiers it raises.
  const table: [string, unknown | 'agent-released', AiccIdentifier[]][] = [
    ['ready', agentState('Available'), ['AgentState_Ready']],
    ['not ready', agentState('Unavailable', { CurrentOutReason: 'Meeting' }), ['AgentState_SetNotReady_Success']],
    ['ready again', agentState('Available'), ['AgentState_CancelNotReady_Success', 'AgentState_Ready']],
    ['a break', agentState('Unavailable', { CurrentOutReason: 'Break' }), ['AgentState_SetRest_Success']],
    ['the break runs over', { Type: 'Indicator', Name: 'RestTimeout' }, ['AgentState_Rest_Timeout']],
    ['another indicator', { Type: 'Indicator', Name: 'Other' }, []],
    ['back from the break', agentState('Available'), ['AgentState_CancelRest_Success', 'AgentState_Ready']],
    ['busy', agentState('InboundContact'), ['AgentState_Busy']],
    ['after-call work', agentState('ACW'), ['AgentState_SetWork_Success', 'AgentState_Work']],
    ['out of work', agentState('Available'), ['AgentState_CancelWork_Success', 'AgentState_Ready']],
    ['a call rings', call(1, 'Incoming'), ['AgentOther_PhoneAlerting']],
    ['it rings on', call(1, 'Incoming'), []],
    ['answered', call(1, 'Active'), ['AgentEvent_Talking']],
    ['held', call(1, 'Holding'), ['AgentEvent_Customer_Alerting']],
    ['resumed', call(1, 'Active'), ['AgentEvent_Talking']],
    ['the agent hangs up (the host saw the command)', 'agent-released', []],
    ['the call ends', ended(1), ['AgentEvent_Call_Release']],
    ['a second call', call(2, 'Incoming'), ['AgentOther_PhoneAlerting']],
    ['answered', call(2, 'Active'), ['AgentEvent_Talking']],
    ['the caller hangs up', ended(2), ['AgentEvent_Customer_Release']],
    ['a third call', call(3, 'Active'), ['AgentEvent_Talking']],
    ['the platform says the agent ended it', call(3, 'Disconnected', { FinalState: 'True', DisconnectReason: 'AgentDisconnect' }), ['AgentEvent_Call_Release']],
    ['an outbound call dials', call(5, 'Dialing', { IsInbound: 'False' }), []],
    ['and fails', call(5, 'Disconnected', { IsInbound: 'False', FinalState: 'True' }), ['AgentEvent_Call_Out_Fail']],
  ];
  const translator = new AiccTranslator();
  for (const [what, input, expected] of table) {
    it(`${what} → ${expected.join(', ') || 'nothing'}`, () => {
      if (input === 'agent-released') {
        translator.agentReleased(1);
        return;
      }
      const identifiers = translator.identifiers(event(input));
      identifiers.forEach((identifier) => seen.add(identifier));
      assert.deepEqual(identifiers, expected);
    });
  }
  it('covers all sixteen identifiers', () => assert.deepEqual([...seen].sort(), [...AICC_IDENTIFIERS].sort()));
});
