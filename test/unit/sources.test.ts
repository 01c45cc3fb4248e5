/** The sources' pure parts: CXone command requests, the backoff, the XUC translation table. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkToken } from '../../src/sources/cxone/agent-api.js';
import { commandRequest } from '../../src/sources/cxone/requests.js';
import type { CommandRequest } from '../../src/sources/cxone/requests.js';
import { Backoff } from '../../src/sources/source.js';
import type { SourceCommand } from '../../src/sources/source.js';
import { XucTranslator } from '../../src/sources/xuc/translate.js';
import { BridgeError } from '../../src/protocol/errors.js';

describe('commandRequest: each command as a CXone agent-session request', () => {
  const table: [SourceCommand, CommandRequest][] = [
    [{ action: 'accept', contactId: 7 }, { method: 'POST', path: '/interactions/7/accept', body: undefined }],
    [{ action: 'hold', contactId: 7 }, { method: 'POST', path: '/interactions/7/hold', body: undefined }],
    [{ action: 'end', contactId: 7 }, { method: 'POST', path: '/interactions/7/end', body: undefined }],
    [{ action: 'dial', phoneNumber: '5551234', skillName: 'Sales' }, { method: 'POST', path: '/dial-phone', body: { phoneNumber: '5551234', skillName: 'Sales' } }],
    [{ action: 'setState', state: 'Unavailable', reason: 'Lunch' }, { method: 'POST', path: '/state', body: { state: 'Unavailable', reason: 'Lunch' } }],
    [{ action: 'setState', state: 'Available' }, { method: 'POST', path: '/state', body: { state: 'Available' } }],
    [{ action: 'agentLogout' }, { method: 'DELETE', path: '', body: undefined }],
  ];
  for (const [command, request] of table) {
    it(`${JSON.stringify(command)} → ${request.method} ${request.path || '(the session)'}`, () => assert.deepEqual(commandRequest(command), request));
  }
  it('refuses agentLogin: a CXone session logs in with start()', () => {
    assert.throws(() => commandRequest({ action: 'agentLogin' }), (error: unknown) => error instanceof BridgeError && error.code === 'UNSUPPORTED');
  });
});

describe('Backoff: capped exponential, full jitter', () => {
  it('doubles the ceiling each attempt up to the cap, and starts again after reset', () => {
    const ceiling = new Backoff({ initialMs: 100, maxMs: 1000 }, () => 1);
    assert.deepEqual([1, 2, 3, 4, 5, 6].map(() => ceiling.next()), [100, 200, 400, 800, 1000, 1000]);
    ceiling.reset();
    assert.equal(ceiling.next(), 100);
  });
  it('draws each delay from [0, ceiling]', () => {
    const draws = [0, 0.5, 0.25];
    const backoff = new Backoff({ initialMs: 100 }, () => draws.shift() ?? 0);
    assert.deepEqual([backoff.next(), backoff.next(), backoff.next()], [0, 100, 100]);
  });
  it('defaults to 500 ms, capped at 30 s', () => {
    const backoff = new Backoff({}, () => 1);
    const delays = Array.from({ length: 10 }, () => backoff.next());
    assert.equal(delays[0], 500);
    assert.equal(delays.at(-1), 30_000);
  });
});

describe('XucTranslator: the translation table', () => {
  const at = new Date('2026-11-21T10:00:00.000Z');
  const agent = (name: string, extra: Record<string, unknown> = {}) => ({ msgType: 'AgentStateEvent', ctiMessage: { name, agentId: 1, phoneNb: '1001', ...extra } });
  const phone = (eventType: string, extra: Record<string, unknown> = {}) => ({ msgType: 'PhoneEvent', ctiMessage: { eventType, DN: '1001', otherDN: '5551234', linkedId: 'L1', uniqueId: 'U1', queueName: 'sales', ...extra } });
  const statesOf = (translator: XucTranslator, message: unknown) => {
    const result = translator.translate(message);
    assert.equal(result.kind, 'events');
    return result.kind === 'events' ? result.events.map((event) => [event.Type, event['CurrentState'] ?? event['Status']]) : [];
  };

  const agentTable: [string, Record<string, unknown>, [string, unknown][]][] = [
    ['AgentReady', {}, [['AgentState', 'Available']]],
    ['AgentOnPause', { cause: 'Lunch' }, [['AgentState', 'Unavailable']]],
    ['AgentOnWrapup', {}, [['AgentState', 'ACW']]],
    ['AgentLoggedOut', {}, [['AgentState', 'LoggedOut']]],
    ['AgentRinging', {}, [['AgentState', 'InboundContact'], ['CallContactEvent', 'Incoming']]],
    ['AgentDialing', {}, [['AgentState', 'OutboundContact'], ['CallContactEvent', 'Dialing']]],
  ];
  for (const [name, extra, expected] of agentTable) {
    it(`AgentStateEvent ${name} → ${expected.map((pair) => pair.join(' ')).join(', ')}`, () => {
      assert.deepEqual(statesOf(new XucTranslator(() => at), agent(name, extra)), expected);
    });
  }

  const phoneTable: [string, string][] = [
    ['EventRinging', 'Incoming'],
    ['EventDialing', 'Dialing'],
    ['EventEstablished', 'Active'],
    ['EventOnHold', 'Holding'],
  ];
  for (const [eventType, status] of phoneTable) {
    it(`PhoneEvent ${eventType} → CallContactEvent ${status}`, () => {
      const result = new XucTranslator(() => at).translate(phone(eventType));
      assert.equal(result.kind, 'events');
      if (result.kind !== 'events') return;
      assert.deepEqual(result.events.map((event) => [event.Type, event['Status'], event['ANI'], event['Skill'], event['LinkedId']]), [['CallContactEvent', status, '5551234', 'sales', 'L1']]);
    });
  }

  it('drops other agents\' states once it knows its own (UserConfigUpdate)', () => {
    const translator = new XucTranslator(() => at);
    translator.translate({ msgType: 'UserConfigUpdate', ctiMessage: { agentId: 19 } });
    assert.equal(translator.translate({ msgType: 'AgentStateEvent', ctiMessage: { name: 'AgentReady', agentId: 77 } }).kind, 'ignored');
    assert.equal(translator.translate({ msgType: 'AgentStateEvent', ctiMessage: { name: 'AgentReady', agentId: 19 } }).kind, 'events');
  });

  it('a call keeps its ContactID from ringing to release, and the next call gets the next one', () => {
    const translator = new XucTranslator(() => at);
    const ids = (message: unknown) => {
      const result = translator.translate(message);
      return result.kind === 'events' ? result.events.map((event) => [event['ContactID'], event['Status'] ?? event['CurrentState']]) : result.kind;
    };
    assert.deepEqual(ids(agent('AgentRinging')), [[undefined, 'InboundContact'], [1, 'Incoming']]);
    assert.deepEqual(ids(phone('EventRinging')), [[1, 'Incoming']]);
    assert.deepEqual(ids(phone('EventEstablished')), [[1, 'Active']]);
    assert.deepEqual(ids(phone('EventReleased')), [[1, 'Disconnected']]);
    assert.deepEqual(ids(phone('EventReleased')), 'ignored');
    assert.deepEqual(ids(phone('EventRinging', { linkedId: 'L2' })), [[2, 'Incoming']]);
    assert.deepEqual(ids(agent('AgentReady')), [[2, 'Disconnected'], [undefined, 'Available']]);
  });

  const otherTable: [unknown, string][] = [
    [{ msgType: 'AgentError', ctiMessage: { Error: 'PhoneNumberUnknown' } }, 'error'],
    [{ msgType: 'Error', ctiMessage: { Error: 'LoggedInOnAnotherPhone' } }, 'error'],
    [{ msgType: 'AgentStateEvent', ctiMessage: { agentId: 1 } }, 'error'],
    [{ msgType: 'PhoneEvent', ctiMessage: {} }, 'error'],
    [{ nope: true }, 'error'],
    [{ msgType: 'Sheet', ctiMessage: {} }, 'error'],
    [{ msgType: 'LoggedOn', ctiMessage: {} }, 'loggedOn'],
    [{ msgType: 'LoggedOnError', ctiMessage: { Error: 'loggedOnFailed' } }, 'loggedOnError'],
    [{ msgType: 'UserConfigUpdate', ctiMessage: { agentId: 19 } }, 'ignored'],
    [{ msgType: 'AgentStateEvent', ctiMessage: { name: 'AgentLogin', agentId: 19 } }, 'ignored'],
    [{ msgType: 'CurrentCallsPhoneEvents', ctiMessage: { events: [] } }, 'events'],
    [{ msgType: 'CurrentCallsPhoneEvents', ctiMessage: {} }, 'error'],
    [{ msgType: 'AgentStatistics', ctiMessage: {} }, 'ignored'],
    [phone('EventSomethingElse'), 'ignored'],
  ];
  for (const [message, kind] of otherTable) {
    it(`${JSON.stringify(message).slice(0, 80)} → ${kind}`, () => assert.equal(new XucTranslator(() => at).translate(message).kind, kind));
  }
});

describe('checkToken: a token the CXone source can use, or one clear line', () => {
  it('accepts the token service\'s answer', () => {
    const token = { access_token: 'a', token_type: 'bearer', resource_server_base_uri: 'https://api.example/inContactAPI/' };
    assert.equal(checkToken(token), token);
  });
  for (const [what, token, missing] of [
    ['an error body', { error: 'token request failed: connect ECONNREFUSED' }, 'access_token, token_type, resource_server_base_uri'],
    ['no base URI', { access_token: 'a', token_type: 'bearer' }, 'resource_server_base_uri'],
    ['an empty access token', { access_token: '', token_type: 'bearer', resource_server_base_uri: 'x' }, 'access_token'],
    ['null', null, 'access_token, token_type, resource_server_base_uri'],
  ] as const) {
    it(`refuses ${what}, naming ${missing}`, () => {
      assert.throws(() => checkToken(token), (error: unknown) => error instanceof BridgeError && error.code === 'INVALID_OPTION' && error.message.includes(`the token has no ${missing}`));
    });
  }
});

describe('XucTranslator: a second call while one is answered (a consult)', () => {
  const agent = (name: string) => ({ msgType: 'AgentStateEvent', ctiMessage: { name, agentId: 1, phoneNb: '1001' } });
  const phone = (eventType: string, linkedId: string, otherDN: string) => ({ msgType: 'PhoneEvent', ctiMessage: { eventType, linkedId, uniqueId: `${linkedId}-leg`, otherDN } });
  const calls = (translation: ReturnType<XucTranslator['translate']>) => (translation.kind === 'events' ? translation.events.filter((event) => event.Type === 'CallContactEvent').map((event) => [event['ContactID'], event['Status']]) : []);

  it('AgentDialing announces a new call, and never turns the held caller into a dialling one', () => {
    const translator = new XucTranslator(() => new Date('2026-12-05T10:00:00Z'));
    for (const message of [agent('AgentRinging'), phone('EventRinging', 'A', '0601'), phone('EventEstablished', 'A', '0601'), phone('EventOnHold', 'A', '0601')]) translator.translate(message);
    assert.deepEqual(calls(translator.translate(agent('AgentDialing'))), [[2, 'Dialing']]);
    assert.deepEqual(calls(translator.translate(phone('EventDialing', 'B', '0699'))), [[2, 'Dialing']]);
    assert.deepEqual(calls(translator.translate(agent('AgentOnCall'))), [[2, 'Active']]);
    assert.deepEqual(calls(translator.translate(phone('EventReleased', 'B', '0699'))), [[2, 'Disconnected']]);
    assert.deepEqual(calls(translator.translate(phone('EventEstablished', 'A', '0601'))), [[1, 'Active']]);
  });
});

describe('XucTranslator: the resync reconciles (XUC has no cursor)', () => {
  const phone = (eventType: string, linkedId: string, otherDN = '0601') => ({ msgType: 'PhoneEvent', ctiMessage: { eventType, linkedId, uniqueId: `${linkedId}-leg`, otherDN } });
  const resync = (...linkedIds: string[]) => ({ msgType: 'CurrentCallsPhoneEvents', ctiMessage: { events: linkedIds.map((linkedId) => phone('EventEstablished', linkedId).ctiMessage) } });
  const events = (translation: ReturnType<XucTranslator['translate']>) => (translation.kind === 'events' ? translation.events : []);

  it('a call the resync does not name ended while the link was down: a final Disconnected, marked Reconciled; a new one is reported', () => {
    const translator = new XucTranslator(() => new Date('2026-12-05T10:00:00Z'));
    events(translator.translate(phone('EventRinging', 'A')));
    events(translator.translate(phone('EventEstablished', 'A')));
    const out = events(translator.translate(resync('B')));
    assert.deepEqual(out.map((event) => [event['ContactID'], event['Status'], event['FinalState'], event['Reconciled']]), [
      [1, 'Disconnected', 'True', 'True'],
      [2, 'Active', 'False', undefined],
    ]);
    assert.equal(translator.uniqueIdOf(1), undefined, 'the ended call is gone');
    assert.deepEqual(events(translator.translate(resync('B'))).map((event) => event['Reconciled']), [undefined], 'nothing more to reconcile');
  });

  it('a checkpoint carries the call table: another translator keeps the contact ids and reconciles the same way', () => {
    const first = new XucTranslator();
    events(first.translate(phone('EventRinging', 'A')));
    events(first.translate(phone('EventRinging', 'B')));
    const next = new XucTranslator();
    next.restore(JSON.parse(JSON.stringify(first.checkpoint)) as XucTranslator['checkpoint']);
    const out = events(next.translate(resync('B', 'C')));
    assert.deepEqual(out.map((event) => [event['ContactID'], event['Status'], event['Reconciled']]), [
      [1, 'Disconnected', 'True'],
      [2, 'Active', undefined],
      [3, 'Active', undefined],
    ]);
  });
});
