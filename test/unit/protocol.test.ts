/** Protocol helpers: which messages are MAX's, batches parsed all or nothing, the AICC mapping table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AICC_IDENTIFIERS, AiccTranslator, readEventPost } from '../../src/protocol/aicc.js';
import type { AiccIdentifier } from '../../src/protocol/aicc.js';
import { BridgeError } from '../../src/protocol/errors.js';
import { parsePlatformEvent, parsePlatformEvents } from '../../src/protocol/events.js';
import type { PlatformEvent } from '../../src/protocol/events.js';
import { maxMessageType } from '../../src/protocol/max.js';
import { ChildMessage } from '../../src/protocol/index.js';
import { agentState, call, chat, ended } from '../helpers/events.js';
import { contactIdOf, readRegistration, toContactId } from '../../src/protocol/index.js';
import type { RegisterForClientEvents } from '../../src/protocol/index.js';
import { ContactCenterState } from '../../src/protocol/state.js';

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

describe('AICC mapping table (docs/aicc.md)', () => {
  const event = (value: unknown): PlatformEvent => (parsePlatformEvent(value) as { data: PlatformEvent }).data;
  /** A step: a platform event and the identifiers it raises, or the host telling the translator the agent released a call. */
  type Step = readonly [what: string, input: unknown, expected: readonly AiccIdentifier[]] | readonly ['agent-released', contactId: number];
  // Each script is one desktop's story, played on a translator of its own, so no test depends on another.
  const scripts: Record<string, readonly Step[]> = {
    'agent states and their transitions': [
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
    ],
    'a call the agent hangs up (the host saw the command)': [
      ['a call rings', call(1, 'Incoming'), ['AgentOther_PhoneAlerting']],
      ['it rings on', call(1, 'Incoming'), []],
      ['answered', call(1, 'Active'), ['AgentEvent_Talking']],
      ['held', call(1, 'Holding'), ['AgentEvent_Customer_Alerting']],
      ['resumed', call(1, 'Active'), ['AgentEvent_Talking']],
      ['agent-released', 1],
      ['the call ends', ended(1), ['AgentEvent_Call_Release']],
    ],
    'a call the caller hangs up': [
      ['a call rings', call(2, 'Incoming'), ['AgentOther_PhoneAlerting']],
      ['answered', call(2, 'Active'), ['AgentEvent_Talking']],
      ['the caller hangs up', ended(2), ['AgentEvent_Customer_Release']],
    ],
    'a call the caller abandons while it rings': [
      ['a call rings', call(4, 'Incoming'), ['AgentOther_PhoneAlerting']],
      ['the caller hangs up', ended(4), ['AgentEvent_Customer_Release']],
    ],
    'a call the platform says the agent ended': [
      ['a call, already talking', call(3, 'Active'), ['AgentEvent_Talking']],
      ['ended by the agent', call(3, 'Disconnected', { FinalState: 'True', DisconnectReason: 'AgentDisconnect' }), ['AgentEvent_Call_Release']],
    ],
    'an outbound call that fails': [
      ['it dials', call(5, 'Dialing', { IsInbound: 'False' }), []],
      ['and fails', call(5, 'Disconnected', { IsInbound: 'False', FinalState: 'True' }), ['AgentEvent_Call_Out_Fail']],
    ],
    'a session that ends forgets its calls': [
      ['a call rings', call(6, 'Incoming'), ['AgentOther_PhoneAlerting']],
      ['the session ends', { Type: 'AgentSessionEnd' }, []],
      ['the same id rings in a new session: alerting again', call(6, 'Incoming'), ['AgentOther_PhoneAlerting']],
    ],
  };
  for (const [story, steps] of Object.entries(scripts)) {
    it(story, () => {
      const translator = new AiccTranslator();
      for (const step of steps) {
        if (step[0] === 'agent-released') translator.agentReleased(step[1] as number);
        else {
          const [what, input, expected] = step as readonly [string, unknown, readonly AiccIdentifier[]];
          assert.deepEqual(translator.identifiers(event(input)), expected, what);
        }
      }
    });
  }
  it('the scripts raise all sixteen identifiers between them', () => {
    const raised = new Set(Object.values(scripts).flatMap((steps) => steps.flatMap((step) => (step[0] === 'agent-released' ? [] : [...(step[2] as readonly AiccIdentifier[])]))));
    assert.deepEqual([...raised].sort(), [...AICC_IDENTIFIERS].sort());
  });
});

describe('AICC eventpost: both forms', () => {
  it('reads the JSON string the AICC sample sends and the object form', () => {
    assert.deepEqual(readEventPost(JSON.stringify({ name: 'eventpost', param: ['AgentOther_PhoneAlerting'] })), { post: { name: 'eventpost', param: ['AgentOther_PhoneAlerting'] }, form: 'string' });
    assert.deepEqual(readEventPost({ name: 'eventpost', param: [] }), { post: { name: 'eventpost', param: [] }, form: 'object' });
  });
  it('leaves other messages alone and reports malformed eventposts', () => {
    assert.equal(readEventPost({ messageType: 'HoldEvent' }), undefined);
    assert.equal(readEventPost('not json eventpost'), undefined);
    assert.equal(readEventPost('{"name":"other"}'), undefined);
    assert.ok('error' in (readEventPost({ name: 'eventpost', param: 'AgentOther_PhoneAlerting' }) ?? {}));
    assert.ok('error' in (readEventPost({ name: 'eventpost', param: [7] }) ?? {}));
  });
});

const register = (fields: Record<string, unknown>) => readRegistration(ChildMessage.parse({ messageType: 'RegisterForClientEvents', ...fields }) as RegisterForClientEvents);

describe('readRegistration (docs/protocol.md: validation order)', () => {
  it('normalises types to lower case and de-duplicates them', () => {
    const result = register({ subscriptionTypes: ['Agent', 'AGENT', 'contacts'], contactId: '12' });
    assert.ok(result.ok);
    assert.deepEqual([...result.registration.subscriptionTypes], ['agent', 'contacts']);
    assert.equal(result.registration.contactId, 12);
  });
  it('reports the contact id before the types, and lists every invalid type', () => {
    assert.deepEqual(register({ subscriptionTypes: [], contactId: -1 }), { ok: false, reason: 'Invalid Contact Id', invalidValues: [-1] });
    assert.deepEqual(register({ subscriptionTypes: ['all', 'x', 3] }), { ok: false, reason: 'Invalid Subscription Types', invalidValues: ['x', 3] });
  });
  it('keeps a non-string issuer out instead of failing the message', () => {
    const result = register({ subscriptionTypes: ['all'], issuer: { evil: true } });
    assert.equal(result.ok && result.registration.issuer, undefined);
  });
});

describe('ChildMessage: unknown keys and types', () => {
  it('drops unknown keys and refuses unknown message types', () => {
    assert.deepEqual(ChildMessage.parse({ messageType: 'MuteEvent', extra: 1 }), { messageType: 'MuteEvent' });
    assert.equal(ChildMessage.safeParse({ messageType: 'muteevent' }).success, false);
    assert.equal(ChildMessage.safeParse('{"messageType":"MuteEvent"}').success, false);
  });
});

describe('platform events', () => {
  it('keeps unknown fields and the ContactID exactly as sent', () => {
    const result = parsePlatformEvent(call('42', 'Active', { Extra: [1] }));
    assert.deepEqual(result.success && result.data, call('42', 'Active', { Extra: [1] }));
  });
  it('forwards event types it does not know', () => {
    assert.deepEqual(parsePlatformEvent({ Type: 'SupervisorEvent', X: 1 }), { success: true, data: { Type: 'SupervisorEvent', X: 1 } });
  });
  it('names the field that is wrong', () => {
    const result = parsePlatformEvent({ Type: 'CallContactEvent', ContactID: 1 });
    assert.equal(result.success, false);
    assert.ok(!result.success && result.error.includes('Status'));
  });
  it('reads contact ids as numbers, whatever their spelling', () => {
    assert.deepEqual([42, '42', 0, '0', -1, 1.5, '042', 2 ** 53, null, undefined, {}].map(toContactId), [42, 42, null, null, null, null, null, null, null, null, null]);
    assert.equal(contactIdOf(agentState('Available') as PlatformEvent), null);
  });
});

describe('ContactCenterState', () => {
  const parsed = (event: unknown): PlatformEvent => (parsePlatformEvent(event) as { data: PlatformEvent }).data;
  it('follows agent state and contacts, ending a contact at Disconnected with FinalState true', () => {
    const state = new ContactCenterState();
    const apply = (event: unknown) => state.apply(parsed(event)).kind;
    assert.deepEqual(
      [apply(agentState('Available')), apply(call(1, 'Incoming')), apply(call('1', 'Active')), apply(chat(2, 'Active')), apply(call(1, 'Disconnected', { FinalState: false })), apply(ended(1)), apply(ended(1)), apply({ Type: 'Indicator' })],
      ['agent', 'contact-started', 'contact-updated', 'contact-started', 'contact-updated', 'contact-ended', 'none', 'none'],
    );
    assert.deepEqual(state.contacts.map((contact) => contact.ContactID), [2]);
    assert.equal(apply({ Type: 'AgentSessionEnd' }), 'session-ended');
    assert.deepEqual(state.contacts, []);
    assert.equal(state.agentState, undefined);
  });
  it('owns the toggles: Mute events, actions carried out and failed, recording ended with its contact', () => {
    const heard: boolean[] = [];
    const state = new ContactCenterState((muted) => heard.push(muted));
    state.apply(parsed(call(1, 'Active')));
    state.apply(parsed({ Type: 'Mute', AgentMuted: 'True' }));
    assert.deepEqual(state.flags(1), { muted: true, recording: false });
    state.carriedOut('unmute', 1);
    state.carriedOut('record', 1);
    assert.deepEqual(state.flags(1), { muted: false, recording: true });
    state.failed('record', 1);
    assert.equal(state.flags(1).recording, false);
    state.carriedOut('record', 1);
    state.apply(parsed(ended(1)));
    assert.equal(state.flags(1).recording, false, 'a contact that ended is not recording');
    state.carriedOut('mute', 1);
    state.apply(parsed({ Type: 'AgentSessionEnd' }));
    assert.equal(state.muted, false);
    assert.equal(state.muteEvent, undefined);
    assert.deepEqual(heard, [true, false, true, false], 'every change of mute heard once');
  });
});
