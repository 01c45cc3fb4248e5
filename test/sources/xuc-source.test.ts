import { expect } from '@open-wc/testing';
import { BridgeHost } from '../../src/host/index.js';
import { BridgeError, ErrorCode } from '../../src/protocol/index.js';
import { XucSource, XucTranslator } from '../../src/sources/xuc/index.js';
import type { XucSourceOptions } from '../../src/sources/xuc/index.js';
import { control, simulator, watchSource } from '../helpers/simulator.js';
import { until } from '../helpers/client.js';
import { cleanUp, onCleanUp } from '../helpers/host.js';

afterEach(cleanUp);

const at = new Date('2026-11-21T10:00:00.000Z');
const agentEvent = (name: string, extra: Record<string, unknown> = {}) => ({ msgType: 'AgentStateEvent', ctiMessage: { name, agentId: 19, phoneNb: '1000', since: 0, queues: [1], ...extra } });
const phoneEvent = (eventType: string, linkedId = '1447670380.34', extra: Record<string, unknown> = {}) => ({
  msgType: 'PhoneEvent',
  ctiMessage: { eventType, DN: '1000', otherDN: '0601020304', linkedId, queueName: 'sales', userData: { XIVO_DSTNUM: '3000' }, ...extra },
});

function translate(translator: XucTranslator, message: unknown) {
  const result = translator.translate(message);
  return result.kind === 'events' ? result.events.map((event) => `${event.Type}:${String(event['ContactID'] ?? event['CurrentState'])}:${String(event['Status'] ?? event['CurrentOutReason'] ?? '')}`) : result.kind;
}

describe('XUC → CXone translation table (docs/platforms.md)', () => {
  it('maps agent states: Ready → Available, OnPause → Unavailable with the cause, Wrapup → ACW, LoggedOut', () => {
    const t = new XucTranslator(() => at);
    expect(translate(t, agentEvent('AgentReady'))).to.deep.equal(['AgentState:Available:']);
    expect(translate(t, agentEvent('AgentOnPause', { cause: 'Lunch' }))).to.deep.equal(['AgentState:Unavailable:Lunch']);
    expect(translate(t, agentEvent('AgentOnWrapup'))).to.deep.equal(['AgentState:ACW:']);
    expect(translate(t, agentEvent('AgentLoggedOut'))).to.deep.equal(['AgentState:LoggedOut:']);
  });

  it('AgentRinging becomes a ringing contact, AgentOnCall makes it Active, AgentReady ends it', () => {
    const t = new XucTranslator(() => at);
    expect(translate(t, agentEvent('AgentRinging'))).to.deep.equal(['AgentState:InboundContact:', 'CallContactEvent:1:Incoming']);
    expect(translate(t, agentEvent('AgentOnCall', { direction: 'Incoming' }))).to.deep.equal(['CallContactEvent:1:Active']);
    expect(translate(t, agentEvent('AgentReady'))).to.deep.equal(['CallContactEvent:1:Disconnected', 'AgentState:Available:']);
  });

  it('phone events follow the call of their linkedId, keeping the id an AgentStateEvent gave it', () => {
    const t = new XucTranslator(() => at);
    translate(t, agentEvent('AgentRinging'));
    const ringing = t.translate(phoneEvent('EventRinging'));
    // DN is the agent's own line: the number dialled is userData.XIVO_DSTNUM.
    expect(ringing.kind === 'events' && ringing.events[0]).to.deep.include({ ContactID: 1, Status: 'Incoming', ANI: '0601020304', DNIS: '3000', Skill: 'sales', LinkedId: '1447670380.34' });
    expect(translate(t, phoneEvent('EventEstablished'))).to.deep.equal(['CallContactEvent:1:Active']);
    expect(translate(t, phoneEvent('EventOnHold'))).to.deep.equal(['CallContactEvent:1:Holding']);
    expect(translate(t, phoneEvent('EventRinging', '99.1'))).to.deep.equal(['CallContactEvent:2:Incoming']);
    const released = t.translate(phoneEvent('EventReleased'));
    expect(released.kind === 'events' && released.events[0]).to.deep.include({ ContactID: 1, Status: 'Disconnected', FinalState: 'True' });
    expect(translate(t, phoneEvent('EventReleased', '99.1'))).to.deep.equal(['CallContactEvent:2:Disconnected']);
    expect(translate(t, phoneEvent('EventReleased', '99.1'))).to.equal('ignored');
  });

  it('AgentDialing starts an outbound call', () => {
    const t = new XucTranslator(() => at);
    const result = t.translate(agentEvent('AgentDialing'));
    expect(result.kind === 'events' && result.events[1]).to.deep.include({ Type: 'CallContactEvent', Status: 'Dialing', IsInbound: 'False' });
  });

  it('reports AgentError and Error, ignores other messages, and refuses what is not a XUC message', () => {
    const t = new XucTranslator(() => at);
    expect(t.translate({ msgType: 'AgentError', ctiMessage: { Error: 'PhoneNumberUnknown' } })).to.deep.equal({ kind: 'error', message: 'XUC AgentError: PhoneNumberUnknown', details: { error: 'PhoneNumberUnknown' } });
    expect(t.translate({ msgType: 'Error', ctiMessage: { Error: 'LoggedInOnAnotherPhone', phoneNb: '1002', RequestedNb: '1001' } })).to.deep.equal({
      kind: 'error',
      message: 'XUC Error: LoggedInOnAnotherPhone (logged in on 1002, asked for 1001)',
      details: { error: 'LoggedInOnAnotherPhone', phoneNb: '1002', requestedNb: '1001' },
    });
    expect(t.translate({ msgType: 'RightProfile', ctiMessage: { profile: 'Admin' } })).to.deep.equal({ kind: 'ignored' });
    expect(t.translate({ msgType: 'Sheet', ctiMessage: {} }).kind, 'a Sheet without its payload').to.equal('error');
    expect(t.translate({ nope: true }).kind).to.equal('error');
    expect(t.translate({ msgType: 'AgentStateEvent', ctiMessage: { agentId: 1 } }).kind).to.equal('error');
  });
});

async function xuc(options: Partial<XucSourceOptions> = {}) {
  const { port } = await simulator();
  const source = new XucSource({
    url: `ws://localhost:${port}/xuc/api/2.0/cti`,
    login: { login: 'agent1', password: 'secret' },
    agentId: 19,
    heartbeatMs: 100,
    backoff: { initialMs: 20, maxMs: 100 },
    ...options,
  });
  const { events, statuses, errors } = watchSource(source);
  return { source, events, statuses, errors };
}

describe('XucSource against the simulator\'s websocket (docs/platforms.md)', () => {
  beforeEach(() => control('/reset'));

  it('logs in, connects, and translates the agent state', async () => {
    const { source, events } = await xuc();
    await source.start();
    expect(source.status.state).to.equal('online');
    await until(() => events.length > 0, 'the agent state');
    expect(events[0]).to.include({ Type: 'AgentState', CurrentState: 'Available' });
  });

  it('follows a call and drives it with answer, hold and hangup', async () => {
    const { source, events } = await xuc();
    await source.start();
    await control('/calls', { ani: '0601020304' });
    await until(() => events.some((event) => event['Status'] === 'Incoming' && event['ANI'] === '0601020304'), 'the ringing call');
    const contactId = events.find((event) => event['Status'] === 'Incoming')!['ContactID'] as number;
    await source.execute({ action: 'accept', contactId });
    await until(() => events.some((event) => event['Status'] === 'Active'), 'the answered call');
    await source.execute({ action: 'hold', contactId });
    await until(() => events.some((event) => event['Status'] === 'Holding'), 'the held call');
    await source.execute({ action: 'end', contactId });
    await until(() => events.some((event) => event['FinalState'] === 'True'), 'the end');
    const ids = new Set(events.filter((event) => event.Type === 'CallContactEvent').map((event) => event['ContactID']));
    expect([...ids]).to.deep.equal([contactId]);
  });

  it('pauses and unpauses the agent', async () => {
    const { source, events } = await xuc();
    await source.start();
    await source.execute({ action: 'setState', state: 'Unavailable', reason: 'Break' });
    await until(() => events.some((event) => event['CurrentState'] === 'Unavailable' && event['CurrentOutReason'] === 'Break'), 'the pause');
    await source.execute({ action: 'setState', state: 'Available' });
    await until(() => events.filter((event) => event['CurrentState'] === 'Available').length === 2, 'the unpause');
  });

  it('logs the agent out and in', async () => {
    const { source, events } = await xuc();
    await source.start();
    await source.execute({ action: 'agentLogout' });
    await until(() => events.some((event) => event['CurrentState'] === 'Unavailable' || event['CurrentState'] === 'LoggedOut'), 'the logout');
    await source.execute({ action: 'agentLogin', phoneNumber: '1000' });
    await until(() => events.filter((event) => event['CurrentState'] === 'Available').length === 2, 'the login');
  });

  it('rejects commands the XUC cannot do with UNSUPPORTED, and surfaces AgentError', async () => {
    const { source, errors } = await xuc();
    await source.start();
    for (const action of ['mask', 'unmask'] as const) {
      let error: unknown;
      try {
        await source.execute({ action, contactId: 1 });
      } catch (caught) {
        error = caught;
      }
      expect((error as BridgeError).code, action).to.equal(ErrorCode.Unsupported);
    }
    // After-call work with a disposition: XiVO has none, so it is refused, not faked.
    let wrapUp: unknown;
    try {
      await source.execute({ action: 'endWrapUp', contactId: 1, dispositionId: 101 });
    } catch (caught) {
      wrapUp = caught;
    }
    expect([(wrapUp as BridgeError).code, (wrapUp as BridgeError).message]).to.deep.equal([ErrorCode.Unsupported, 'XucSource: XiVO has no dispositions; after-call work ends on the queue\'s wrap-up timer']);
    await source.execute({ action: 'accept', contactId: 1 });
    await until(() => errors.length === 1, 'the AgentError');
    expect(errors[0]!.code).to.equal(ErrorCode.PlatformError);
  });

  it('an AgentError reaches the host as sourceError', async () => {
    const { source } = await xuc();
    const host = new BridgeHost({ source, log: { debug() {}, warn() {}, error() {} } });
    onCleanUp(() => host.dispose());
    const reported: BridgeError[] = [];
    host.on('sourceError', (error) => reported.push(error));
    await source.start();
    await source.execute({ action: 'accept', contactId: 1 });
    await until(() => reported.length === 1, 'the AgentError');
    expect(reported[0]!.code).to.equal(ErrorCode.PlatformError);
    expect(reported[0]!.message).to.contain('AgentError');
  });

  it('declares the link dead after 3 unanswered heartbeats, and reconnects', async () => {
    const { source, statuses, events } = await xuc();
    await source.start();
    await control('/xuc', { silent: true });
    await until(() => statuses.some((status) => status.state === 'offline'), 'the lost heartbeat', 3000);
    const offline = statuses.find((status) => status.state === 'offline');
    expect(offline?.state === 'offline' && offline.error).to.equal('no answer to 3 heartbeats');
    await control('/xuc', { silent: false });
    await until(() => statuses.at(-1)?.state === 'online', 'the reconnection', 3000);
    await control('/calls');
    await until(() => events.some((event) => event['Status'] === 'Incoming'), 'events after reconnecting');
  });

  it('reconnects with backoff when the connection drops', async () => {
    const { source, statuses } = await xuc();
    await source.start();
    await control('/xuc', { drop: true });
    await until(() => statuses.filter((status) => status.state === 'online').length === 2, 'the reconnection', 3000);
    expect(statuses.map((status) => status.state)).to.deep.equal(['connecting', 'online', 'offline', 'online']);
  });

  it('ends when the credentials are refused, and refuses a bad url', async () => {
    const { source, statuses } = await xuc({ login: { login: 'agent1', password: '' } });
    let error: unknown;
    try {
      await source.start();
    } catch (caught) {
      error = caught;
    }
    expect((error as BridgeError).code).to.equal(ErrorCode.InvalidOption);
    expect(statuses.at(-1)?.state).to.equal('ended');
    expect(() => new XucSource({ url: 'http://x/cti', token: 't' })).to.throw(BridgeError);
  });
});
