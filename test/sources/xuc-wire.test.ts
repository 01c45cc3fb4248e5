/**
 * XucSource at the wire: the messages it sends (recorded by the simulator's
 * real websocket) and the messages it accepts (sent raw through it), checked
 * against the seed and XiVO's own cti.js (docs/platforms.md).
 */
import { expect } from '@open-wc/testing';
import { XucSource } from '../../src/sources/xuc/index.js';
import type { XucSourceOptions } from '../../src/sources/xuc/index.js';
import { control, simState, simulator, watchSource } from '../helpers/simulator.js';
import { until } from '../helpers/until.js';
import { cleanUp, onCleanUp } from '../helpers/host.js';

afterEach(cleanUp);
beforeEach(() => control('/reset'));

async function xuc(options: Partial<XucSourceOptions> = {}) {
  const { url } = await simulator();
  const source = new XucSource({ url: `${url.replace(/^http/, 'ws')}/xuc/api/2.0/cti`, login: { login: 'agent1', password: 'secret' }, backoff: { initialMs: 20, maxMs: 100 }, ...options });
  const { events, statuses, errors } = watchSource(source);
  return { source, events, statuses, errors };
}

async function received(): Promise<Record<string, unknown>[]> {
  const { url } = await simulator();
  return ((await (await fetch(`${url}/sim/xuc/received`)).json()) as { received: Record<string, unknown>[] }).received;
}

const send = (message: unknown) => control('/xuc/send', message);
const webCommands = async () => (await received()).filter((message) => message['claz'] === 'web');

describe('XUC: the login lifecycle and the resync', () => {
  it('is online only once the server says LoggedOn, then asks for the current calls and the agent states', async () => {
    const { source, statuses } = await xuc();
    await source.start();
    expect(statuses.map((status) => status.state)).to.deep.equal(['connecting', 'online']);
    await until(async () => (await webCommands()).length >= 2, 'the resync commands');
    expect((await webCommands()).slice(0, 2)).to.deep.equal([
      { claz: 'web', command: 'getCurrentCallsPhoneEvents' },
      { claz: 'web', command: 'getAgentStates' },
    ]);
  });

  it('a desktop that connects mid-call shows that call (CurrentCallsPhoneEvents)', async () => {
    await control('/calls', { ani: '0601020311' });
    const { source, events } = await xuc();
    await source.start();
    await until(() => events.some((event) => event.Type === 'CallContactEvent' && event['ANI'] === '0601020311'), 'the call in progress');
    expect(events.find((event) => event.Type === 'CallContactEvent')).to.deep.include({ Status: 'Incoming', IsInbound: 'True' });
  });

  it('LoggedOnError is a failed connection with its reason, retried', async () => {
    const { source, statuses } = await xuc();
    await source.start();
    await send({ msgType: 'LoggedOnError', ctiMessage: { Error: 'loggedOnTimeout' } });
    await until(() => statuses.some((status) => status.state === 'offline' && status.error.includes('loggedOnTimeout')), 'the failed connection');
    await until(() => statuses.filter((status) => status.state === 'online').length === 2, 'the next connection');
  });
});

describe('XUC: what the source accepts', () => {
  it('keeps only this agent\'s states: the agentId of UserConfigUpdate', async () => {
    const { source, events } = await xuc();
    await source.start();
    await until(() => events.some((event) => event.Type === 'AgentState'), 'the first agent state');
    const before = events.length;
    await send({ msgType: 'AgentStateEvent', ctiMessage: { name: 'AgentOnPause', agentId: 77, phoneNb: '2000', since: 0, queues: [1], cause: 'other agent' } });
    await send({ msgType: 'AgentStateEvent', ctiMessage: { name: 'AgentOnPause', agentId: 19, phoneNb: '1000', since: 0, queues: [1], cause: 'Lunch' } });
    await until(() => events.length > before, 'this agent\'s state');
    expect(events.slice(before).map((event) => event['CurrentOutReason'])).to.deep.equal(['Lunch']);
  });

  it('maps a PhoneEvent as cti.js describes it: otherDN the caller, XIVO_DSTNUM the number dialled, callDirection, USR_* attached data; a release by linkedId then uniqueId', async () => {
    const { source, events } = await xuc();
    await source.start();
    const body = { eventType: 'EventRinging', DN: '1000', otherDN: '0601020304', otherDName: 'Ann Smith', linkedId: 'L.1', uniqueId: 'U.1', queueName: 'sales', callDirection: 'Incoming', userData: { XIVO_DSTNUM: '3000', USR_folder: '42', XIVO_CONTEXT: 'default', __proto__x: 'no' } };
    await send({ msgType: 'PhoneEvent', ctiMessage: body });
    await until(() => events.some((event) => event['LinkedId'] === 'L.1'), 'the ringing call');
    const call = events.find((event) => event['LinkedId'] === 'L.1')!;
    expect(call).to.deep.include({ Status: 'Incoming', ANI: '0601020304', CallerName: 'Ann Smith', DNIS: '3000', IsInbound: 'True', Skill: 'sales', UniqueId: 'U.1' });
    expect(call['AttachedData']).to.deep.equal({ USR_folder: '42' });
    await send({ msgType: 'PhoneEvent', ctiMessage: { eventType: 'EventReleased', uniqueId: 'U.1' } });
    await until(() => events.some((event) => event['LinkedId'] === 'L.1' && event['FinalState'] === 'True'), 'the release by uniqueId');
  });

  it('a Sheet gives the newest call its ScreenPopUrl (url entries, lowest order first) and text entries as attached data', async () => {
    const { source, events } = await xuc();
    await source.start();
    await send({ msgType: 'PhoneEvent', ctiMessage: { eventType: 'EventRinging', otherDN: '0601020305', linkedId: 'L.2', uniqueId: 'U.2', callDirection: 'Incoming' } });
    await send({
      msgType: 'Sheet',
      ctiMessage: {
        timenow: 1425055334,
        compressed: true,
        serial: 'xml',
        payload: { profile: { user: { sheetInfo: [
          { value: 'http://www.example.org/second', name: 'popupUrl1', order: 20, type: 'url' },
          { value: '&folder=1234', name: 'folderNumber', order: 30, type: 'text' },
          { value: 'http://www.example.org/first', name: 'popupUrl', order: 10, type: 'url' },
        ] } } },
        channel: 'SIP/1k4yj2-00000013',
      },
    });
    await until(() => events.some((event) => event['ScreenPopUrl'] === 'http://www.example.org/first'), 'the screen pop');
    expect(events.at(-1)!['AttachedData']).to.deep.equal({ USR_folderNumber: '&folder=1234' });
  });

  it('AgentLogin (deprecated) ends no call; AgentOnPause during a call ends none either', async () => {
    const { source, events } = await xuc();
    await source.start();
    await send({ msgType: 'PhoneEvent', ctiMessage: { eventType: 'EventEstablished', otherDN: '0601020306', linkedId: 'L.3', uniqueId: 'U.3', callDirection: 'Incoming' } });
    await until(() => events.some((event) => event['LinkedId'] === 'L.3'), 'the call');
    await send({ msgType: 'AgentStateEvent', ctiMessage: { name: 'AgentLogin', agentId: 19, phoneNb: '1000', since: 0, queues: [1] } });
    await send({ msgType: 'AgentStateEvent', ctiMessage: { name: 'AgentOnPause', agentId: 19, phoneNb: '1000', since: 0, queues: [1], cause: 'Break' } });
    await until(() => events.some((event) => event['CurrentOutReason'] === 'Break'), 'the pause');
    expect(events.some((event) => event['LinkedId'] === 'L.3' && event['Status'] === 'Disconnected')).to.equal(false);
  });

  it('a server that does not know toggleMicrophone (an older XUC) answers UNSUPPORTED', async () => {
    const { source, errors } = await xuc();
    await source.start();
    await send({ msgType: 'AgentError', ctiMessage: { Error: 'UnknownCommand toggleMicrophone' } });
    await until(() => errors.length === 1, 'the error');
    expect(errors[0]!.code).to.equal('UNSUPPORTED');
  });

  it('the seed\'s agent errors surface with their fields', async () => {
    const { source, errors } = await xuc();
    await source.start();
    await send({ msgType: 'Error', ctiMessage: { Error: 'LoggedInOnAnotherPhone', phoneNb: '1002', RequestedNb: '1001' } });
    await until(() => errors.length === 1, 'the error');
    expect(errors[0]!.details).to.deep.equal({ error: 'LoggedInOnAnotherPhone', phoneNb: '1002', requestedNb: '1001' });
  });
});

describe('XUC: what the source sends', () => {
  it('answer, hold and hangup name the call by its uniqueId; mute is toggleMicrophone; record is monitorUnpause and stopRecord monitorPause', async () => {
    const { source, events } = await xuc();
    await source.start();
    await control('/calls', { ani: '0601020307' });
    await until(() => events.some((event) => event['Status'] === 'Incoming' && event['ANI'] === '0601020307'), 'the ringing call');
    const call = events.find((event) => event['ANI'] === '0601020307')!;
    const contactId = call['ContactID'] as number;
    const uniqueId = call['UniqueId'];
    expect(uniqueId).to.be.a('string').and.not.equal(call['LinkedId']);
    await source.execute({ action: 'accept', contactId });
    await until(() => events.some((event) => event['Status'] === 'Active'), 'the answered call');
    for (const action of ['hold', 'mute', 'record', 'stopRecord', 'end'] as const) await source.execute({ action, contactId });
    await until(async () => (await webCommands()).some((message) => message['command'] === 'hangup'), 'the hang-up');
    const sent = (await webCommands()).filter((message) => !String(message['command']).startsWith('get'));
    expect(sent).to.deep.equal([
      { claz: 'web', command: 'answer', uniqueId },
      { claz: 'web', command: 'hold', uniqueId },
      { claz: 'web', command: 'toggleMicrophone', uniqueId },
      { claz: 'web', command: 'monitorUnpause', agentid: 19 },
      { claz: 'web', command: 'monitorPause', agentid: 19 },
      { claz: 'web', command: 'hangup', uniqueId },
    ]);
    await until(() => events.some((event) => event.Type === 'CallContactEvent' && event['FinalState'] === 'True'), 'the end of the call');
  });

  it('dial carries variables, and they come back as USR_* attached data on the call', async () => {
    const { source, events } = await xuc();
    await source.start();
    await source.execute({ action: 'dial', phoneNumber: '0601020308', variables: { USR_ticket: 'T-42' } });
    await until(async () => (await webCommands()).some((message) => message['command'] === 'dial'), 'the dial');
    expect((await webCommands()).find((message) => message['command'] === 'dial')).to.deep.equal({ claz: 'web', command: 'dial', destination: '0601020308', variables: { USR_ticket: 'T-42' } });
    await until(() => events.some((event) => event['ANI'] === '0601020308' && event['Status'] === 'Dialing'), 'the outbound call');
    const call = events.find((event) => event['ANI'] === '0601020308' && event['Status'] === 'Dialing')!;
    expect(call).to.deep.include({ IsInbound: 'False', DNIS: '0601020308' });
    expect(call['AttachedData']).to.deep.equal({ USR_ticket: 'T-42' });
  });
});

describe('XUC: transfers and conference, as cti.js sends them', () => {
  /** An answered call, as the source reports it. */
  async function answered(ani: string) {
    const made = await xuc();
    await made.source.start();
    await control('/calls', { ani });
    await until(() => made.events.some((event) => event['Status'] === 'Incoming' && event['ANI'] === ani), 'the ringing call');
    const contactId = made.events.find((event) => event['ANI'] === ani)!['ContactID'] as number;
    await made.source.execute({ action: 'accept', contactId });
    await until(() => made.events.some((event) => event['ContactID'] === contactId && event['Status'] === 'Active'), 'the answered call');
    const latest = (id: unknown) => made.events.filter((event) => event['ContactID'] === id).at(-1);
    return { ...made, contactId, latest };
  }
  const sent = async () => (await webCommands()).filter((message) => /ransfer|conference/.test(String(message['command'])));

  it('a consult is attendedTransfer to the destination: the caller is held and the consult call reported; completeTransfer hands the caller over', async () => {
    const { source, events, contactId, latest } = await answered('0601020331');
    await source.execute({ action: 'transfer', mode: 'consult', contactId, phoneNumber: '0601020399' });
    await until(() => events.some((event) => event['ANI'] === '0601020399' && event['Status'] === 'Active'), 'the consult answered', 5000);
    expect(latest(contactId)?.['Status']).to.equal('Holding');
    const consultId = events.find((event) => event['ANI'] === '0601020399')!['ContactID'] as number;
    await source.execute({ action: 'transfer', mode: 'complete', contactId, consultId });
    await until(() => latest(contactId)?.['FinalState'] === 'True' && latest(consultId)?.['FinalState'] === 'True', 'both calls ended');
    expect(await sent()).to.deep.equal([
      { claz: 'web', command: 'attendedTransfer', destination: '0601020399' },
      { claz: 'web', command: 'completeTransfer' },
    ]);
  });

  it('cancelTransfer ends the consult and the caller is back; conference joins them; directTransfer hands the call over at once', async () => {
    const { source, events, contactId, latest } = await answered('0601020332');
    await source.execute({ action: 'transfer', mode: 'consult', contactId, phoneNumber: '0601020398' });
    await until(() => events.some((event) => event['ANI'] === '0601020398' && event['Status'] === 'Active'), 'the consult answered', 5000);
    const first = events.find((event) => event['ANI'] === '0601020398')!['ContactID'] as number;
    await source.execute({ action: 'transfer', mode: 'cancel', contactId, consultId: first });
    await until(() => latest(first)?.['FinalState'] === 'True' && latest(contactId)?.['Status'] === 'Active', 'the caller back');
    await source.execute({ action: 'transfer', mode: 'consult', contactId, phoneNumber: '0601020397' });
    await until(() => events.some((event) => event['ANI'] === '0601020397' && event['Status'] === 'Active'), 'the second consult answered', 5000);
    const second = events.find((event) => event['ANI'] === '0601020397')!['ContactID'] as number;
    await source.execute({ action: 'conference', contactId, consultId: second });
    await until(() => latest(contactId)?.['Status'] === 'Active' && latest(second)?.['Status'] === 'Active', 'all on the call');
    await source.execute({ action: 'end', contactId: second });
    await until(() => latest(second)?.['FinalState'] === 'True', 'the consulted party gone');
    await source.execute({ action: 'transfer', mode: 'blind', contactId, phoneNumber: '0601020396' });
    await until(() => latest(contactId)?.['FinalState'] === 'True', 'the caller handed over');
    expect(await sent()).to.deep.equal([
      { claz: 'web', command: 'attendedTransfer', destination: '0601020398' },
      { claz: 'web', command: 'cancelTransfer' },
      { claz: 'web', command: 'attendedTransfer', destination: '0601020397' },
      { claz: 'web', command: 'conference' },
      { claz: 'web', command: 'directTransfer', destination: '0601020396' },
    ]);
    expect(((await simState()) as unknown as { transfers: { to: string }[] }).transfers.map((transfer) => transfer.to)).to.deep.equal(['0601020396']);
  });
});

describe('XUC: contact data, as cti.js sets it', () => {
  it('setContactData is setData with the variables; they come back as USR_* attached data; other keys are refused by the source', async () => {
    const { source, events } = await xuc();
    await source.start();
    await control('/calls', { ani: '0601020341' });
    await until(() => events.some((event) => event['ANI'] === '0601020341'), 'the call');
    const contactId = events.find((event) => event['ANI'] === '0601020341')!['ContactID'] as number;
    await source.execute({ action: 'accept', contactId });
    await source.execute({ action: 'setContactData', contactId, data: { USR_crm: 'A-42' } });
    await until(() => events.some((event) => event['ContactID'] === contactId && (event['AttachedData'] as Record<string, string> | undefined)?.['USR_crm'] === 'A-42'), 'the data back on the call');
    expect((await webCommands()).find((message) => message['command'] === 'setData')).to.deep.equal({ claz: 'web', command: 'setData', variables: { USR_crm: 'A-42' } });
    let error: unknown;
    await source.execute({ action: 'setContactData', contactId, data: { crm: 'x' } }).catch((caught: unknown) => (error = caught));
    expect((error as { code?: string }).code).to.equal('INVALID_OPTION');
  });
});

describe('XUC: the resync after a reconnection is the truth (issue #23)', () => {
  it('a call that ended while the link was down ends, marked Reconciled; one that started meanwhile is reported; the host keeps no ghost', async () => {
    const { BridgeHost } = await import('../../src/host/index.js');
    const { source, events, statuses } = await xuc();
    const host = new BridgeHost({ source, log: { debug() {}, warn() {}, error() {} } });
    onCleanUp(() => host.dispose());
    await source.start();
    const { contactId: before } = (await control('/calls', { ani: '0601020321' })) as { contactId: number };
    await until(() => host.contacts.some((contact) => contact['ANI'] === '0601020321'), 'the first call');
    const ghost = host.contacts.find((contact) => contact['ANI'] === '0601020321')!.ContactID;
    // The outage: no new connection, and the open one dropped.
    await control('/xuc', { refuse: true, drop: true });
    await until(() => statuses.some((status) => status.state === 'offline'), 'the source offline');
    // Inside the gap: the caller hangs up, and another call comes in.
    await control(`/contacts/${before}/end`);
    await control('/calls', { ani: '0601020322' });
    await control('/xuc', { refuse: false });
    await until(() => host.contacts.some((contact) => contact['ANI'] === '0601020322'), 'the new call after the resync', 10_000);
    expect(host.contacts.map((contact) => contact['ANI'])).to.deep.equal(['0601020322']);
    const end = events.find((event) => event['ContactID'] === ghost && event['Status'] === 'Disconnected');
    expect(end).to.deep.include({ FinalState: 'True', Reconciled: 'True' });
  });
});

describe('XUC mute: the source keeps the state it asked for (toggleMicrophone reports nothing back)', () => {
  it('mute then unmute toggle once each, a repeated mute is not sent again, the host follows both ways, and the call ending unmutes', async () => {
    const { BridgeHost } = await import('../../src/host/index.js');
    const { source, events } = await xuc();
    const host = new BridgeHost({ source, log: { debug() {}, warn() {}, error() {} } });
    onCleanUp(() => host.dispose());
    const heard: boolean[] = [];
    host.on('mute', ({ muted }) => heard.push(muted));
    await source.start();
    const { contactId: simId } = (await control('/calls', { ani: '0601020312' })) as { contactId: number };
    await until(() => events.some((event) => event['ANI'] === '0601020312'), 'the call');
    const call = events.find((event) => event['ANI'] === '0601020312')!;
    const contactId = call['ContactID'] as number;
    const uniqueId = call['UniqueId'];
    await host.command('AnswerEvent', contactId);
    await until(() => host.contacts.some((contact) => contact.Status === 'Active'), 'the answered call');
    const toggles = async () => (await webCommands()).filter((message) => message['command'] === 'toggleMicrophone');

    // The page's MuteEvent, by the host's path: mute, because the host is not muted.
    expect((await host.command('MuteEvent', contactId)).action).to.equal('mute');
    expect(host.muted).to.equal(true);
    // A second mute asked of the source directly is not toggled back.
    await source.execute({ action: 'mute', contactId });
    expect((await host.command('MuteEvent', contactId)).action).to.equal('unmute');
    expect(host.muted).to.equal(false);
    await until(async () => (await toggles()).length === 2, 'two toggles');
    expect(await toggles()).to.deep.equal([
      { claz: 'web', command: 'toggleMicrophone', uniqueId },
      { claz: 'web', command: 'toggleMicrophone', uniqueId },
    ]);

    // Muted again, then the caller hangs up: the source says the agent is no longer muted.
    await host.command('MuteEvent', contactId);
    expect(host.muted).to.equal(true);
    await control(`/contacts/${simId}/end`);
    await until(() => host.muted === false, 'unmuted with the call');
    expect(heard).to.deep.equal([true, false, true, false]);
  });
});

describe('XUC screen pops reach a contact panel', () => {
  it('the simulator\'s Sheet for an offered call opens the platform\'s pop page in a panel (platformPopUrl: "instead")', async () => {
    const { url } = await simulator();
    const { BridgeHost } = await import('../../src/host/index.js');
    const { source } = await xuc();
    const container = document.createElement('div');
    document.body.append(container);
    const host = new BridgeHost({ source, allowedOrigins: [url], contactPanels: { container, platformPopUrl: 'instead' }, log: { debug() {}, warn() {}, error() {} } });
    onCleanUp(() => {
      host.dispose();
      container.remove();
    });
    await source.start();
    const { contactId } = (await control('/calls', { ani: '0601020309' })) as { contactId: number };
    await until(() => container.querySelector('iframe') !== null, 'the panel');
    expect(container.querySelector('iframe')!.src).to.equal(`${url}/sim/pop/${contactId}`);
  });
});
