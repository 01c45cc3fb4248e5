import { expect } from '@open-wc/testing';
import { BridgeClient, BridgeError, ErrorCode } from '../../src/client/index.js';
import { CommandState } from '../../src/client/element/index.js';
import type { ContactEvent } from '../../src/client/index.js';
import { agentState, call, ended } from '../helpers/events.js';
import { cleanUp, makeHost } from '../helpers/host.js';
import { barrier, dispatch, hostFrame, makeClient, maxOnlyHostFrame, until } from '../helpers/client.js';
import { FRAME_ORIGIN, PAGE_ORIGIN, TestFrame, frameUrl } from '../helpers/test-frame.js';

afterEach(cleanUp);

async function rejection(promise: Promise<unknown>): Promise<BridgeError> {
  try {
    await promise;
  } catch (error) {
    return error as BridgeError;
  }
  throw new Error('expected a rejection');
}

describe('BridgeClient: registration', () => {
  it('resolves ready with the OK acknowledgement and applies the initial state', async () => {
    const desktop = await hostFrame();
    dispatch(desktop, [agentState('Available'), call(7, 'Active')]);
    await barrier(desktop);
    const client = makeClient(desktop);
    const ack = await client.ready;
    expect(ack).to.deep.equal({ messageType: 'ClientEventSubscriptionAcknowledge', contactId: null, status: 'OK', reason: 'Success' });
    await until(() => client.contacts.length === 1, 'the initial contacts');
    expect(client.agentState?.CurrentState).to.equal('Available');
    expect(client.contacts[0]).to.include({ ContactID: 7, Status: 'Active' });
    expect(client.registered).to.equal(true);
  });

  it('rejects ready with REGISTRATION_REJECTED and the reason on an ERROR acknowledgement', async () => {
    const desktop = await hostFrame();
    // The host's default policy grants everything but the session token.
    const client = makeClient(desktop, { subscriptionTypes: ['sessioninfo'] });
    const error = await rejection(client.ready);
    expect(error.code).to.equal(ErrorCode.RegistrationRejected);
    expect((error.details as { reason: string }).reason).to.equal('Subscription Type Not Permitted');
    expect(client.registered).to.equal(false);
  });

  it('refuses an unknown or missing subscription type before sending anything, and takes MAX\'s any case', async () => {
    for (const subscriptionTypes of [['everything'], ['all', 'agnet'], [], 'all']) {
      let error: unknown;
      try {
        new BridgeClient({ hostOrigin: 'https://agent.example.com', subscriptionTypes: subscriptionTypes as never, autoRegister: false });
      } catch (caught) {
        error = caught;
      }
      expect((error as BridgeError).code, String(subscriptionTypes)).to.equal(ErrorCode.InvalidOption);
    }
    expect(() => new BridgeClient({ hostOrigin: 'https://agent.example.com', subscriptionTypes: ['ALL', 'Agent'] as never, autoRegister: false })).not.to.throw();
  });

  it('rejects ready with REGISTRATION_TIMEOUT when no desktop answers', async () => {
    const silent = await TestFrame.open(frameUrl());
    const client = makeClient(silent, { timeoutMs: 300 });
    expect((await rejection(client.ready)).code).to.equal(ErrorCode.RegistrationTimeout);
    silent.iframe.remove();
  });

  it('refuses a host origin that is not an exact origin', () => {
    for (const hostOrigin of ['https://agent.example.com/', 'agent.example.com', '']) {
      let error: unknown;
      try {
        new BridgeClient({ hostOrigin, subscriptionTypes: ['all'], autoRegister: false });
      } catch (caught) {
        error = caught;
      }
      expect((error as BridgeError).code, hostOrigin).to.equal(ErrorCode.InvalidOption);
    }
  });

  it('accepts "*" only as an explicit choice, with a console warning', async () => {
    const warnings: unknown[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args[0]);
    try {
      const desktop = await hostFrame();
      const client = makeClient(desktop, { hostOrigin: '*' });
      await client.ready;
    } finally {
      console.warn = original;
    }
    expect(String(warnings[0])).to.contain('hostOrigin "*"');
  });

  it('unregister() ends the subscription and register() starts a new one', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    client.unregister();
    await desktop.until(() => desktop.reportsOf('unsubscription').length === 1, 'the unsubscription');
    expect(desktop.reportsOf('unsubscription')[0]!['cause']).to.equal('unregistered');
    expect((await client.register()).status).to.equal('OK');
    await desktop.until(() => desktop.reportsOf('registration').length === 2, 'the second registration report');
    expect(desktop.reportsOf('registration').map((r) => r['status'])).to.deep.equal(['OK', 'OK']);
  });

  it('nothing is left waiting for ever: unregistering rejects a pending registration and pending commands with UNREGISTERED', async () => {
    const silent = await TestFrame.open(frameUrl());
    const registering = makeClient(silent, { timeoutMs: 60_000 });
    const ready = rejection(registering.ready);
    registering.unregister();
    expect((await ready).code).to.equal(ErrorCode.Unregistered);
    silent.iframe.remove();

    const desktop = await hostFrame('hang=1');
    dispatch(desktop, [call(7, 'Active')]);
    const client = makeClient(desktop, { timeoutMs: 60_000 });
    await client.ready;
    await until(() => client.contacts.length === 1, 'the call');
    const hold = rejection(client.hold());
    await desktop.until(() => desktop.reportsOf('command').length === 1, 'the command at the controller');
    client.dispose();
    const error = await hold;
    expect(error.code).to.equal(ErrorCode.Unregistered);
    expect(error.message).to.contain('may or may not have been carried out');
  });

  it('dispose() unregisters and stops listening', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    client.dispose();
    await desktop.until(() => desktop.reportsOf('unsubscription').length === 1, 'the unsubscription');
    dispatch(desktop, [agentState('Available')]);
    await barrier(desktop);
    expect(client.agentState).to.equal(undefined);
    expect((await rejection(client.register())).code).to.equal(ErrorCode.Disposed);
  });
});

describe('BridgeClient: the page\'s rights', () => {
  it('a ccbridge host lists the commands the page may send; a plain MAX host says nothing, and everything may be tried', async () => {
    const desktop = await hostFrame('commands=HoldEvent');
    const client = makeClient(desktop);
    await client.ready;
    expect(client.extensions?.commands).to.deep.equal(['HoldEvent']);
    expect([client.permits('HoldEvent'), client.permits('AnswerEvent')]).to.deep.equal([true, false]);
    const plain = makeClient(await maxOnlyHostFrame());
    await plain.ready;
    expect(plain.extensions).to.equal(undefined);
    expect(plain.permits('AnswerEvent')).to.equal(true);
  });
});

describe('BridgeClient: actions beyond MAX (docs/page-authors.md#actions-beyond-max)', () => {
  it('knows the actions the desktop grants; dial and setAgentState reach its controller and resolve with the result', async () => {
    const desktop = await hostFrame('actions=Dial,SetAgentState');
    const client = makeClient(desktop);
    await client.ready;
    expect(client.actions).to.deep.equal(['Dial', 'SetAgentState']);
    // The actions travel on the private channel, which the host's plug-in hears as the window.
    expect(client.transport).to.equal('port');
    const dialled = await client.dial('+1 (555) 014-2000', { skill: 'Outbound' });
    expect(dialled).to.deep.include({ status: 'OK', action: 'dial', refusal: null });
    expect(await client.agentStateOptions()).to.deep.equal({ reasons: [{ reason: 'Break' }, { reason: 'Lunch' }] });
    const state = await client.setAgentState('Unavailable', 'Lunch');
    expect(state).to.deep.include({ status: 'OK', action: 'setState' });
    await until(() => desktop.reportsOf('action').length === 3, 'the actions at the controller');
    expect(desktop.reportsOf('action').map((r) => r['request'])).to.deep.equal([
      { action: 'dial', phoneNumber: '+15550142000', skill: 'Outbound' },
      { action: 'agentStateOptions' },
      { action: 'setState', state: 'Unavailable', reason: 'Lunch' },
    ]);
  });

  it('endWrapUp ends after-call work with a disposition and notes; outside it, the desktop refuses INVALID_IN_STATE', async () => {
    const desktop = await hostFrame('actions=EndWrapUp');
    const client = makeClient(desktop);
    await client.ready;
    expect(await client.endWrapUp({ dispositionId: 101 })).to.deep.include({ status: 'REFUSED', refusal: 'INVALID_IN_STATE' });
    dispatch(desktop, [call(7, 'Active'), ended(7), agentState('Unavailable', { IsAcw: 'True' })]);
    await until(() => client.agentState?.['IsAcw'] === 'True', 'after-call work');
    expect(await client.endWrapUp({ dispositionId: 101, notes: 'Sold', tags: [201] })).to.deep.include({ status: 'OK', action: 'endWrapUp' });
    expect(desktop.reportsOf('action').map((r) => r['request'])).to.deep.equal([{ action: 'endWrapUp', contactId: 7, skill: '4001', dispositionId: 101, notes: 'Sold', tags: [201] }]);
    expect((await rejection(client.endWrapUp({ tags: [1.5] }))).code).to.equal(ErrorCode.InvalidOption);
    expect((await rejection(client.endWrapUp({ dispositionId: -1 }))).code).to.equal(ErrorCode.InvalidOption);
  });

  it('transfer and conference drive a consult across origins; the desktop refuses what the calls do not allow', async () => {
    const desktop = await hostFrame('actions=Transfer,Conference');
    const client = makeClient(desktop);
    await client.ready;
    expect(client.actions).to.deep.equal(['Transfer', 'Conference']);
    expect(await client.transfer('consult', '555 014 3000')).to.deep.include({ status: 'REFUSED', refusal: 'NO_SUCH_CONTACT' });
    dispatch(desktop, [call(7, 'Active')]);
    await until(() => client.contacts.length === 1, 'the call');
    expect(await client.transfer('consult', '555 014 3000')).to.deep.include({ status: 'OK', action: 'transfer' });
    dispatch(desktop, [call(7, 'Holding'), call(8, 'Active', { IsInbound: 'False' })]);
    await until(() => client.contacts.length === 2, 'the consult call');
    expect(await client.conference()).to.deep.include({ status: 'OK', action: 'conference' });
    expect(await client.transfer('complete', { contactId: 7 })).to.deep.include({ status: 'OK' });
    expect(desktop.reportsOf('action').map((r) => r['request'])).to.deep.equal([
      { action: 'transfer', mode: 'consult', contactId: 7, phoneNumber: '5550143000', held: false },
      { action: 'conference', contactId: 7, consultId: 8 },
      { action: 'transfer', mode: 'complete', contactId: 7, consultId: 8 },
    ]);
    expect((await rejection(client.transfer('blind', 'call me'))).code).to.equal(ErrorCode.InvalidOption);
    expect((await rejection(client.transfer('sideways' as 'cancel'))).code).to.equal(ErrorCode.InvalidOption);
  });

  it('setContactData writes the keys the desktop lets it write; a bad key is refused before anything is sent', async () => {
    const desktop = await hostFrame('actions=SetContactData');
    const client = makeClient(desktop);
    await client.ready;
    dispatch(desktop, [call(7, 'Active')]);
    await until(() => client.contacts.length === 1, 'the call');
    expect(await client.setContactData({ crmId: 'A-42' })).to.deep.include({ status: 'OK', action: 'setContactData' });
    expect(desktop.reportsOf('action').map((r) => r['request'])).to.deep.equal([{ action: 'setContactData', contactId: 7, data: { crmId: 'A-42' } }]);
    expect((await rejection(client.setContactData({ 'no spaces': 'x' }))).code).to.equal(ErrorCode.InvalidOption);
    expect((await rejection(client.setContactData({}))).code).to.equal(ErrorCode.InvalidOption);
  });

  it('serve: the page\'s search and call log handlers answer the desktop; it pops the page\'s record and keeps the log\'s id', async () => {
    const desktop = await hostFrame('actions=Search,CallLog');
    const searched: unknown[] = [];
    const client = makeClient(desktop, {
      serve: {
        search: async (request) => (searched.push(request), { matches: [{ id: 'C-1', label: 'Ann Smith', url: '/crm/C-1' }] }),
        callLog: (request) => `log-for-${request.recordId}`,
      },
    });
    await client.ready;
    expect(client.serves).to.deep.equal(['Search', 'CallLog']);
    dispatch(desktop, [call(7, 'Incoming', { ANI: '5550001' })]);
    await until(() => desktop.reportsOf('screenPop').length === 1, 'the pop');
    expect(searched).to.have.length(1);
    expect(searched[0]).to.deep.include({ messageType: 'SearchContact', contactId: 7, ani: '5550001' });
    expect(desktop.reportsOf('screenPop')[0]).to.deep.include({ pop: 'record', contactId: 7 });
    dispatch(desktop, [ended(7), agentState('Available')]);
    await until(() => desktop.reportsOf('callLog').length === 1, 'the log saved');
    expect(desktop.reportsOf('callLog')[0]).to.deep.include({ contactId: 7, logId: 'log-for-C-1' });
  });

  it('a page with no handlers offers nothing, and is never asked', async () => {
    const desktop = await hostFrame('actions=Search,CallLog');
    const client = makeClient(desktop);
    await client.ready;
    expect(client.serves).to.deep.equal([]);
    dispatch(desktop, [call(7, 'Incoming')]);
    await barrier(desktop);
    expect(desktop.reportsOf('screenPop')).to.deep.equal([]);
  });

  it('wrapUpOptions reads the dispositions and tags of the contact\'s skill; for no contact it rejects COMMAND_REFUSED with the result', async () => {
    const desktop = await hostFrame('actions=EndWrapUp');
    const client = makeClient(desktop);
    await client.ready;
    const refused = await rejection(client.wrapUpOptions(8));
    expect(refused.code).to.equal(ErrorCode.CommandRefused);
    expect((refused.details as { refusal?: string }).refusal).to.equal('NO_SUCH_CONTACT');
    dispatch(desktop, [call(8, 'Active', { Skill: '4002' })]);
    await until(() => client.contacts.length === 1, 'the call');
    expect(await client.wrapUpOptions(8)).to.deep.equal({ skill: '4002', dispositions: [{ dispositionId: 101, dispositionName: 'Sale' }], tags: [{ tagId: 201, tagName: 'VIP' }] });
  });

  it('a refusal resolves with REFUSED and its reason; a number that is not one is refused before anything is sent', async () => {
    const desktop = await hostFrame(`actions=Dial&dialPattern=${encodeURIComponent('^\\+1')}`);
    const client = makeClient(desktop);
    await client.ready;
    expect(await client.dial('+33 1 40 20 50 50')).to.deep.include({ status: 'REFUSED', refusal: 'INVALID_NUMBER' });
    expect((await rejection(client.dial('call me'))).code).to.equal(ErrorCode.InvalidOption);
    expect(desktop.reportsOf('action')).to.deep.equal([]);
  });

  it('rejects UNSUPPORTED, sending nothing, when the desktop does not grant the action: a ccbridge host granting none, a plain MAX host', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    expect(client.actions).to.deep.equal([]);
    expect((await rejection(client.setAgentState('Available'))).code).to.equal(ErrorCode.Unsupported);
    const plain = makeClient(await maxOnlyHostFrame());
    await plain.ready;
    expect(plain.actions).to.deep.equal([]);
    expect((await rejection(plain.dial('5550142'))).code).to.equal(ErrorCode.Unsupported);
    await barrier(desktop);
    expect(desktop.reportsOf('action')).to.deep.equal([]);
  });
});

describe('BridgeClient: the private channel (opt-in extension)', () => {
  it('is negotiated with a ccbridge host: later traffic uses the port, with sequence numbers and results', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    expect(client.transport).to.equal('port');
    expect(client.extensions).to.deep.equal({ version: 1, channel: true, results: true, sequence: true, commands: ['AnswerEvent', 'RefuseEvent', 'HoldEvent', 'MuteEvent', 'MaskEvent', 'RecordEvent', 'HangupEvent'], actions: [] });
    const gaps: unknown[] = [];
    client.on('error', (error) => gaps.push(error));
    dispatch(desktop, [call(1, 'Active')]);
    await until(() => client.contacts.length === 1, 'the event over the port');
    const result = await client.hold();
    expect(result).to.deep.include({ messageType: 'CommandResult', status: 'OK', action: 'hold', contactId: 1, refusal: null });
    expect(gaps).to.deep.equal([]);
  });

  it('ignores envelopes another window posts, even ones that look like the host\'s', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    const spoofer = await TestFrame.open(frameUrl());
    spoofer.post({ issuer: 'MAX', contactId: null, events: [call(666, 'Active')] });
    await until(() => client.ignored.otherWindow > 0, 'the spoof to be seen');
    expect(client.contacts).to.deep.equal([]);
    spoofer.iframe.remove();
  });

  it('is not attempted with a plain MAX host: everything stays on window.postMessage', async () => {
    const desktop = await maxOnlyHostFrame();
    const client = makeClient(desktop);
    const ack = await client.ready;
    expect(ack.status).to.equal('OK');
    expect(client.transport).to.equal('window');
    expect(client.extensions).to.equal(undefined);
    expect(await client.hold()).to.equal(null);
    await desktop.until(() => desktop.reportsOf('received').length === 2, 'the command at the MAX host');
    const [registration, command] = desktop.reportsOf('received');
    expect(registration!['ports']).to.equal(0);
    expect(command!['data']).to.deep.equal({ messageType: 'HoldEvent', issuer: 'ClientTest' });
    expect(client.agentState?.CurrentState).to.equal('Available');
    dispatch(desktop, [call(3, 'Incoming')]);
    await until(() => client.contacts.length === 1, 'an event from the MAX host');
  });

  it('sends a plain MAX registration when extensions are turned off', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop, { extensions: false });
    await client.ready;
    expect(client.transport).to.equal('window');
    expect(await client.mute()).to.equal(null);
  });
});

describe('BridgeClient: messages it ignores and counts', () => {
  it('from the target window on another origin', async () => {
    // The target is on FRAME_ORIGIN but the page expects PAGE_ORIGIN: the
    // registration is dropped by the browser, and what the target posts is ignored.
    const target = await TestFrame.open(frameUrl());
    const client = makeClient(target, { hostOrigin: PAGE_ORIGIN, timeoutMs: 500 });
    target.post({ issuer: 'MAX', contactId: null, events: [{ messageType: 'ClientEventSubscriptionAcknowledge', contactId: null, status: 'OK', reason: 'Success' }] });
    expect((await rejection(client.ready)).code).to.equal(ErrorCode.RegistrationTimeout);
    expect(client.ignored.otherOrigin).to.equal(1);
    target.iframe.remove();
  });

  it('with another issuer', async () => {
    const desktop = await hostFrame('issuer=CXA');
    const client = makeClient(desktop, { timeoutMs: 500 });
    expect((await rejection(client.ready)).code).to.equal(ErrorCode.RegistrationTimeout);
    expect(client.ignored.otherIssuer).to.equal(1);
    client.dispose();
    const cxa = makeClient(desktop, { hostIssuer: 'CXA' });
    expect((await cxa.ready).status).to.equal('OK');
  });

  it('that are not envelopes, and events that fail the schema', async () => {
    const fake = await TestFrame.open(frameUrl());
    const client = makeClient(fake, { extensions: false });
    for (const junk of ['hello', 42, null, { issuer: 'MAX' }, { issuer: 'MAX', contactId: 'x', events: [] }, { __proto__: 1 }]) fake.post(junk);
    fake.post({ issuer: 'MAX', contactId: null, events: [{ messageType: 'ClientEventSubscriptionAcknowledge', contactId: null, status: 'OK', reason: 'Success' }, { Type: 'CallContactEvent', ContactID: 0 }, 7, call(2, 'Active')] });
    await client.ready;
    await until(() => client.contacts.length === 1, 'the valid event');
    expect(client.ignored.malformed).to.equal(6);
    expect(client.ignored.invalidEvents).to.equal(2);
    fake.iframe.remove();
  });
});

describe('BridgeClient: state and typed listening', () => {
  it('keeps agent state and contacts by the host\'s rules and reports changes', async () => {
    const desktop = await hostFrame('token=1');
    const client = makeClient(desktop, { subscriptionTypes: ['all', 'sessioninfo'] });
    const calls: string[] = [];
    const changes: string[] = [];
    const states: (string | undefined)[] = [];
    const tokens: string[] = [];
    client.onEvent('CallContactEvent', (event) => calls.push(`${String(event.ContactID)}:${event.Status}:${String(event.ANI)}`));
    client.on('contacts', ({ change }) => changes.push(change.kind));
    client.on('agentState', ({ agentState }) => states.push(agentState?.CurrentState));
    client.on('sessionInfo', ({ sessionToken }) => tokens.push(sessionToken));
    await client.ready;
    dispatch(desktop, [agentState('Available'), call(1, 'Incoming'), call(1, 'Active'), ended(1)]);
    desktop.control({ op: 'token', token: 'tok-1' });
    await until(() => tokens.length === 1 && changes.length === 3, 'the events');
    expect(calls).to.deep.equal(['1:Incoming:5551230000', '1:Active:5551230000', '1:Disconnected:5551230000']);
    expect(changes).to.deep.equal(['contact-started', 'contact-updated', 'contact-ended']);
    expect(states).to.deep.equal(['Available']);
    expect(client.contacts).to.deep.equal([]);
    expect(client.sessionToken).to.equal('tok-1');
  });
});

describe('BridgeClient: commands and contact cards', () => {
  const commands = ['answer', 'refuse', 'hold', 'mute', 'mask', 'record', 'hangup'] as const;

  it('sends each of the seven commands, which the desktop carries out', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    const actions: (string | null)[] = [];
    const setups: Record<(typeof commands)[number], ContactEvent['Status']> = {
      answer: 'Incoming', refuse: 'Ringing', hold: 'Active', mute: 'Active', mask: 'Active', record: 'Active', hangup: 'Active',
    };
    for (const [index, name] of commands.entries()) {
      dispatch(desktop, [call(index + 1, setups[name])]);
      await until(() => client.contact(index + 1) !== undefined, 'the contact');
      actions.push((await client[name](index + 1))!.action);
    }
    expect(actions).to.deep.equal(['accept', 'reject', 'hold', 'mute', 'mask', 'record', 'end']);
    await desktop.until(() => desktop.reportsOf('command').length === 7, 'the controller reports');
    expect(desktop.reportsOf('command').map((c) => c['action'])).to.deep.equal(actions);
  });

  it('resolves a refused command with REFUSED and the refusal code', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    dispatch(desktop, [call(1, 'Active')]);
    await until(() => client.contacts.length === 1, 'the contact');
    expect(await client.answer()).to.deep.include({ status: 'REFUSED', refusal: 'NO_SUCH_CONTACT' });
    expect(await client.answer(1)).to.deep.include({ status: 'REFUSED', refusal: 'INVALID_IN_STATE', contactId: 1 });
    expect(desktop.reportsOf('command')).to.deep.equal([]);
  });

  it('reports a controller failure as CONTROLLER_FAILED', async () => {
    const desktop = await hostFrame('fail=1');
    const client = makeClient(desktop);
    await client.ready;
    dispatch(desktop, [call(1, 'Active')]);
    await until(() => client.contacts.length === 1, 'the contact');
    expect(await client.hangup()).to.deep.include({ status: 'REFUSED', refusal: 'CONTROLLER_FAILED', action: 'end', detail: 'platform said no' });
  });

  it('CommandState.canSend() follows the contact\'s state, and mute/record as the desktop confirmed them', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    const commandState = new CommandState(client);
    await client.ready;
    dispatch(desktop, [call(1, 'Incoming')]);
    await until(() => client.contacts.length === 1, 'the contact');
    expect(commands.filter((name) => commandState.canSend(`${name[0]!.toUpperCase()}${name.slice(1)}Event` as never, 1))).to.deep.equal(['answer', 'refuse']);
    dispatch(desktop, [call(1, 'Active')]);
    await until(() => client.contact(1)?.Status === 'Active', 'the update');
    expect(commandState.canSend('RecordEvent', 1)).to.equal(true);
    expect(commandState.isMuted(1)).to.equal(false);
    await client.record(1);
    await client.mute(1);
    expect(commandState.canSend('RecordEvent', 1), 'record is one-shot').to.equal(false);
    expect(commandState.isMuted(1)).to.equal(true);
    expect(commandState.canSend('HoldEvent', 2)).to.equal(false);
    commandState.dispose();
  });

  it('sendContactCard() surfaces the card at the desktop; a card with no name is refused locally', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    dispatch(desktop, [call(4, 'Active')]);
    await until(() => client.contacts.length === 1, 'the contact');
    client.sendContactCard({ name: 'Ann Smith', userImg: '/ann.png' });
    await desktop.until(() => desktop.reportsOf('card').length === 1, 'the card');
    expect(desktop.reportsOf('card')[0]).to.deep.include({ contactId: 4, name: 'Ann Smith', userImg: `${PAGE_ORIGIN}/ann.png`, origin: PAGE_ORIGIN, issuer: 'ClientTest' });
    expect(() => client.sendContactCard({ name: '' })).to.throw(BridgeError);
  });

  it('rejects an invalid contact id before sending anything', async () => {
    const desktop = await hostFrame();
    const client = makeClient(desktop);
    await client.ready;
    expect((await rejection(client.hold(0))).code).to.equal(ErrorCode.InvalidOption);
  });
});

describe('BridgeClient in a cross-origin frame, under a BridgeHost', () => {
  it('talks to window.parent by default and unregisters on pagehide', async () => {
    const { host, container, record } = makeHost();
    const unsubscriptions = record('unsubscription');
    const iframe = host.createFrame({ url: `${FRAME_ORIGIN}/test/fixtures/client-frame.html?host=${encodeURIComponent(PAGE_ORIGIN)}&types=agent`, container });
    const page = await TestFrame.attach(iframe);
    await page.until(() => page.reportsOf('ack')[0], 'the acknowledgement');
    expect(page.reportsOf('ack')[0]).to.deep.include({ status: 'OK', transport: 'port' });
    host.dispatch([agentState('Available')]);
    await page.until(() => page.reportsOf('batch')[0], 'a batch');
    expect((page.reportsOf('batch')[0]!['events'] as { CurrentState: string }[])[0]!.CurrentState).to.equal('Available');
    page.control({ op: 'reload' });
    await page.until(() => unsubscriptions.length > 0, 'the pagehide unregistration');
    expect(unsubscriptions[0]!.cause).to.equal('unregistered');
    await page.until(() => page.reportsOf('ack').length === 2, 'the new document\'s acknowledgement');
    expect(host.subscriptions).to.have.length(1);
  });
});
