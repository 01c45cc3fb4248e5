import { expect } from '@open-wc/testing';
import type { ActionRequest, BridgeHostOptions } from '../../src/host/index.js';
import { beyondMax } from '../../src/host/beyond-max.js';
import { admin, noright, supervisor } from '../../src/host/profiles.js';
import { CometSource } from '../../src/sources/cxone/index.js';
import { FRAME_ORIGIN } from '../helpers/test-frame.js';
import { cleanUp, makeHost, onCleanUp } from '../helpers/host.js';
import { control, recordingFetch, simState, token } from '../helpers/simulator.js';
import { until } from '../helpers/until.js';
import { agentState, call, ended } from '../helpers/events.js';

afterEach(cleanUp);

const ASK = { version: 1, results: true, actions: true };

/**
 * A host whose action controller records what it is asked; a cross-origin page
 * registered asking for actions (`ask`), granted what `policy` says.
 */
async function desktop(options: { policy?: BridgeHostOptions['defaultPolicy']; ask?: Record<string, unknown> | null; refuse?: string } & BridgeHostOptions = {}) {
  const requests: ActionRequest[] = [];
  const { policy = admin(), ask = ASK, refuse, ...rest } = options;
  const made = makeHost({
    policies: { [FRAME_ORIGIN]: policy },
    dialects: [
      beyondMax({
        controller: (request) => {
          requests.push(request);
          if (refuse !== undefined) throw new Error(refuse);
        },
      }),
    ],
    ...rest,
  });
  const page = await made.frame();
  const actions = made.record('action');
  page.register(['all'], ask === null ? {} : { ccbridge: ask });
  const first = await page.envelope(1);
  let nextId = 1;
  /** Posts an action and resolves with its CommandResult. */
  async function act(message: Record<string, unknown>) {
    const requestId = nextId++;
    page.post({ version: 1, ...message, ccbridge: { requestId } });
    await page.until(() => page.events().some((e) => e['messageType'] === 'CommandResult' && e['requestId'] === requestId), `the result of ${String(message['messageType'])}`);
    return page.events().find((e) => e['messageType'] === 'CommandResult' && e['requestId'] === requestId)!;
  }
  return { ...made, page, first, requests, actions, act };
}

describe('actions beyond MAX are negotiated (docs/protocol.md#actions-beyond-max)', () => {
  it('a page that asks gets the actions its origin is granted in the first envelope', async () => {
    const { first } = await desktop();
    expect((first as { ccbridge?: { actions?: unknown } }).ccbridge?.actions).to.deep.equal(['Dial', 'SetAgentState', 'Transfer', 'Conference', 'SetContactData', 'EndWrapUp']);
  });

  it('an origin granted nothing (the default policy, noright, a supervisor) is told so: an empty list', async () => {
    for (const policy of [{}, supervisor({ queues: ['sales'], groups: [] })]) {
      const { first } = await desktop({ policy });
      expect((first as { ccbridge?: { actions?: unknown } }).ccbridge?.actions).to.deep.equal([]);
      cleanUp();
    }
    expect(noright().actions).to.deep.equal([]);
  });

  it('a page that asks for extensions but not actions gets no actions field; a plain MAX page gets no ccbridge field at all', async () => {
    const { first } = await desktop({ ask: { version: 1, results: true } });
    expect(Object.hasOwn((first as unknown as { ccbridge: object }).ccbridge, 'actions')).to.equal(false);
    cleanUp();
    const plain = await desktop({ ask: null });
    expect(Object.hasOwn(plain.first, 'ccbridge')).to.equal(false);
  });
});

describe('a host without beyondMax() speaks MAX only', () => {
  it('grants an admin page that asks no action, and carries out none it is sent: a Dial is not a MAX message', async () => {
    const made = makeHost({ policies: { [FRAME_ORIGIN]: admin() } });
    const page = await made.frame();
    const rejections = made.record('rejection');
    const actions = made.record('action');
    page.register(['all'], { ccbridge: ASK });
    const first = await page.envelope(1);
    expect((first as { ccbridge?: { actions?: unknown } }).ccbridge?.actions).to.deep.equal([]);
    page.post({ messageType: 'Dial', version: 1, phoneNumber: '5550142000', ccbridge: { requestId: 1 } });
    await until(() => rejections.length > 0, 'the Dial is refused');
    expect(rejections[0]).to.deep.include({ origin: FRAME_ORIGIN, refusal: 'MALFORMED_MESSAGE', detail: 'not a MAX client message' });
    expect(actions).to.deep.equal([]);
    expect(page.events().filter((e) => e['messageType'] === 'CommandResult')).to.deep.equal([]);
  });

  it('a Dial with bad fields is refused as malformed, with the field named, and nothing is carried out', async () => {
    const { page, requests, record } = await desktop();
    const rejections = record('rejection');
    page.post({ messageType: 'Dial', version: 1, phoneNumber: 42, ccbridge: { requestId: 9 } });
    await until(() => rejections.length > 0, 'the bad Dial is refused');
    expect(rejections[0]!.refusal).to.equal('MALFORMED_MESSAGE');
    expect(rejections[0]!.detail).to.match(/^invalid Dial: phoneNumber/);
    expect(requests).to.deep.equal([]);
  });
});

describe('Dial (docs/protocol.md#actions-beyond-max)', () => {
  it('goes to the action controller with the number as the platform takes it, and is answered OK', async () => {
    const { act, requests, actions } = await desktop();
    const result = await act({ messageType: 'Dial', phoneNumber: '+1 (555) 014-2000', skill: 'Outbound', variables: { crmId: 'A-42' } });
    expect(result).to.deep.equal({ messageType: 'CommandResult', requestId: 1, status: 'OK', contactId: null, action: 'dial', refusal: null });
    expect(requests).to.deep.equal([{ action: 'dial', phoneNumber: '+15550142000', skill: 'Outbound', variables: { crmId: 'A-42' } }]);
    expect(actions.map((a) => [a.origin, a.messageType, a.refusal])).to.deep.equal([[FRAME_ORIGIN, 'Dial', null]]);
  });

  it('refuses a number that is not one, and one the origin\'s dialPatterns do not allow: INVALID_NUMBER, nothing dialled', async () => {
    const { act, requests } = await desktop({ policy: admin({ dialPatterns: [/^\+1\d{10}$/] }) });
    for (const phoneNumber of ['call me', '1', '+1555014200012345678901', '+33 1 40 20 50 50']) {
      const result = await act({ messageType: 'Dial', phoneNumber });
      expect([phoneNumber, result['status'], result['refusal']]).to.deep.equal([phoneNumber, 'REFUSED', 'INVALID_NUMBER']);
    }
    expect((await act({ messageType: 'Dial', phoneNumber: '+1 555 014 2000' }))['status']).to.equal('OK');
    expect(requests.map((r) => (r.action === 'dial' ? r.phoneNumber : ''))).to.deep.equal(['+15550142000']);
  });

  it('is refused NOT_PERMITTED to an origin not granted it, and to a page that did not ask for actions', async () => {
    const granted = await desktop({ policy: admin({ actions: ['SetAgentState'] }) });
    expect(granted.first['ccbridge' as never]).to.deep.include({ actions: ['SetAgentState'] });
    const refused = await granted.act({ messageType: 'Dial', phoneNumber: '5550142' });
    expect([refused['refusal'], refused['detail']]).to.deep.equal(['NOT_PERMITTED', 'the origin is not granted Dial']);
    expect(granted.requests).to.deep.equal([]);
    cleanUp();
    const unasked = await desktop({ ask: { version: 1, results: true } });
    expect((await unasked.act({ messageType: 'Dial', phoneNumber: '5550142' }))['refusal']).to.equal('NOT_PERMITTED');
    expect(unasked.requests).to.deep.equal([]);
  });

  it('the controller may refuse (toll fraud, a confirmation declined): CONTROLLER_FAILED with its reason', async () => {
    const { act, log } = await desktop({ refuse: 'the agent declined the call' });
    const result = await act({ messageType: 'Dial', phoneNumber: '5550142' });
    expect([result['status'], result['refusal'], result['detail']]).to.deep.equal(['REFUSED', 'CONTROLLER_FAILED', 'the agent declined the call']);
    expect(log.lines.some((line) => line.message.startsWith('ccbridge [CONTROLLER_FAILED]: the controller failed to dial'))).to.equal(true);
  });

  it('a version this host does not speak is refused UNSUPPORTED_VERSION; a message with no requestId is malformed', async () => {
    const { act, page, requests, record } = await desktop();
    const rejections = record('rejection');
    expect((await act({ messageType: 'Dial', phoneNumber: '5550142', version: 2 }))['refusal']).to.equal('UNSUPPORTED_VERSION');
    page.post({ messageType: 'Dial', version: 1, phoneNumber: '5550142' });
    await page.until(() => rejections.length > 0, 'the rejection');
    expect(rejections[0]).to.deep.include({ refusal: 'MALFORMED_MESSAGE' });
    expect(requests).to.deep.equal([]);
  });

  it('counts in the origin\'s budget of commands (RATE_LIMITED), and a repeated requestId is answered once, dialled once', async () => {
    const { act, page, requests } = await desktop({ commandRate: { messages: 2, perMs: 60_000 } });
    expect((await act({ messageType: 'Dial', phoneNumber: '5550001' }))['status']).to.equal('OK');
    expect((await act({ messageType: 'Dial', phoneNumber: '5550002' }))['status']).to.equal('OK');
    expect((await act({ messageType: 'Dial', phoneNumber: '5550003' }))['refusal']).to.equal('RATE_LIMITED');
    page.post({ messageType: 'Dial', version: 1, phoneNumber: '5550001', ccbridge: { requestId: 1 } });
    await page.until(() => page.events().filter((e) => e['requestId'] === 1).length === 2, 'the repeated answer');
    expect(requests).to.have.length(2);
  });
});

describe('SetAgentState (docs/protocol.md#actions-beyond-max)', () => {
  it('goes to the action controller with the state and the reason', async () => {
    const { act, requests } = await desktop();
    expect((await act({ messageType: 'SetAgentState', state: 'Unavailable', reason: 'Lunch' }))['action']).to.equal('setState');
    expect((await act({ messageType: 'SetAgentState', state: 'Available' }))['status']).to.equal('OK');
    expect(requests).to.deep.equal([{ action: 'setState', state: 'Unavailable', reason: 'Lunch' }, { action: 'setState', state: 'Available' }]);
  });

  it('a state that is not Available or Unavailable is malformed, not sent', async () => {
    const { page, requests, record } = await desktop();
    const rejections = record('rejection');
    page.post({ messageType: 'SetAgentState', version: 1, state: 'LoggedOut', ccbridge: { requestId: 9 } });
    await page.until(() => rejections.length > 0, 'the rejection');
    expect(rejections[0]!.detail).to.match(/^invalid SetAgentState: state/);
    expect(requests).to.deep.equal([]);
  });
});

describe('EndWrapUp (docs/protocol.md#actions-beyond-max)', () => {
  it('ends the after-call work of the contact that ended last, with its skill, the disposition and the notes', async () => {
    const { host, act, requests } = await desktop();
    host.dispatch([agentState('InboundContact'), call(7, 'Active'), ended(7), agentState('Unavailable', { IsAcw: 'True' })]);
    const result = await act({ messageType: 'EndWrapUp', dispositionId: 101, notes: 'Wants the premium plan' });
    expect(result).to.deep.include({ status: 'OK', action: 'endWrapUp', contactId: null });
    expect(requests).to.deep.equal([{ action: 'endWrapUp', contactId: 7, skill: '4001', dispositionId: 101, notes: 'Wants the premium plan' }]);
  });

  it('is refused outside after-call work (INVALID_IN_STATE) and for another contact (NO_SUCH_CONTACT)', async () => {
    const { host, act, requests } = await desktop();
    host.dispatch([call(7, 'Active')]);
    expect((await act({ messageType: 'EndWrapUp', dispositionId: 101 }))['refusal']).to.equal('INVALID_IN_STATE');
    host.dispatch([ended(7), agentState('Unavailable', { IsAcw: 'True' })]);
    expect((await act({ messageType: 'EndWrapUp', contactId: 8, dispositionId: 101 }))['refusal']).to.equal('NO_SUCH_CONTACT');
    expect((await act({ messageType: 'EndWrapUp', contactId: '7' }))['status']).to.equal('OK');
    expect(requests).to.deep.equal([{ action: 'endWrapUp', contactId: 7, skill: '4001' }]);
  });
});

describe('GetWrapUpOptions (docs/protocol.md#actions-beyond-max)', () => {
  it('asks the controller for the lists of the contact\'s skill and answers them in the result\'s data; allowed with EndWrapUp', async () => {
    const options = { skill: '4001', dispositions: [{ dispositionId: 101, dispositionName: 'Sale' }], tags: [{ tagId: 201, tagName: 'VIP' }] };
    const { host, page, requests } = await desktopAnswering(options);
    host.dispatch([call(7, 'Active')]);
    page.post({ messageType: 'GetWrapUpOptions', version: 1, contactId: 7, ccbridge: { requestId: 1 } });
    const result = await resultOf(page, 1);
    expect(result).to.deep.include({ status: 'OK', action: 'wrapUpOptions' });
    expect(result['data']).to.deep.equal(options);
    expect(requests).to.deep.equal([{ action: 'wrapUpOptions', contactId: 7, skill: '4001' }]);
  });

  it('a controller\'s answer that does not fit is not passed on: CONTROLLER_FAILED; a contact that does not exist: NO_SUCH_CONTACT', async () => {
    const { host, page } = await desktopAnswering({ skill: '4001', dispositions: 'all of them' });
    host.dispatch([call(7, 'Active')]);
    page.post({ messageType: 'GetWrapUpOptions', version: 1, ccbridge: { requestId: 1 } });
    expect((await resultOf(page, 1))['refusal']).to.equal('NO_SUCH_CONTACT');
    page.post({ messageType: 'GetWrapUpOptions', version: 1, contactId: 7, ccbridge: { requestId: 2 } });
    const result = await resultOf(page, 2);
    expect([result['refusal'], Object.hasOwn(result, 'data')]).to.deep.equal(['CONTROLLER_FAILED', false]);
  });
});

describe('Transfer and Conference: the state\'s rules (docs/protocol.md#actions-beyond-max)', () => {
  it('a blind or consult transfer of the agent\'s answered call goes to the controller with the number as the platform takes it', async () => {
    const { host, act, requests } = await desktop();
    host.dispatch([call(7, 'Active')]);
    expect(await act({ messageType: 'Transfer', mode: 'consult', phoneNumber: '+1 (555) 014-3000' })).to.deep.include({ status: 'OK', action: 'transfer' });
    host.dispatch([call(7, 'Holding')]);
    expect((await act({ messageType: 'Transfer', mode: 'blind', phoneNumber: '5550143001', contactId: 7 }))['status']).to.equal('OK');
    expect(requests).to.deep.equal([
      { action: 'transfer', mode: 'consult', contactId: 7, phoneNumber: '+15550143000', held: false },
      { action: 'transfer', mode: 'blind', contactId: 7, phoneNumber: '5550143001', held: true },
    ]);
  });

  it('complete, cancel and Conference act on the consult in progress: the held caller and the consult call', async () => {
    const { host, act, requests } = await desktop();
    host.dispatch([call(7, 'Holding'), call(8, 'Active', { IsInbound: 'False' })]);
    for (const mode of ['complete', 'cancel']) expect((await act({ messageType: 'Transfer', mode }))['status']).to.equal('OK');
    expect((await act({ messageType: 'Conference' }))['action']).to.equal('conference');
    expect(requests).to.deep.equal([
      { action: 'transfer', mode: 'complete', contactId: 7, consultId: 8 },
      { action: 'transfer', mode: 'cancel', contactId: 7, consultId: 8 },
      { action: 'conference', contactId: 7, consultId: 8 },
    ]);
  });

  it('refuses what the calls do not allow, with the existing vocabulary, and carries out nothing', async () => {
    const { host, act, requests } = await desktop({ policy: admin({ dialPatterns: [/^555\d{7}$/] }) });
    const refusal = async (message: Record<string, unknown>) => {
      const result = await act(message);
      return [result['refusal'], result['detail']];
    };
    expect(await refusal({ messageType: 'Transfer', mode: 'blind', phoneNumber: '5550143000' })).to.deep.equal(['NO_SUCH_CONTACT', 'no answered call to transfer']);
    host.dispatch([call(7, 'Incoming')]);
    expect(await refusal({ messageType: 'Transfer', mode: 'blind', phoneNumber: '5550143000', contactId: 7 })).to.deep.equal(['INVALID_IN_STATE', 'call 7 is Incoming, not answered']);
    expect(await refusal({ messageType: 'Transfer', mode: 'blind', phoneNumber: '5550143000', contactId: 99 })).to.deep.equal(['NO_SUCH_CONTACT', 'no such call']);
    host.dispatch([call(7, 'Active')]);
    // The number is checked as a dial's: toll fraud goes through transfers too.
    expect((await refusal({ messageType: 'Transfer', mode: 'consult', phoneNumber: '+44 20 7946 0000' }))[0]).to.equal('INVALID_NUMBER');
    expect((await refusal({ messageType: 'Transfer', mode: 'consult' }))[0]).to.equal('INVALID_NUMBER');
    expect(await refusal({ messageType: 'Transfer', mode: 'complete' })).to.deep.equal(['INVALID_IN_STATE', 'no consult in progress']);
    expect(await refusal({ messageType: 'Conference' })).to.deep.equal(['INVALID_IN_STATE', 'no consult in progress']);
    host.dispatch([call(7, 'Holding'), call(8, 'Dialing', { IsInbound: 'False' })]);
    expect(await refusal({ messageType: 'Transfer', mode: 'consult', phoneNumber: '5550143000', contactId: 7 })).to.deep.equal(['INVALID_IN_STATE', 'a consult is in progress']);
    expect(await refusal({ messageType: 'Conference' })).to.deep.equal(['INVALID_IN_STATE', 'call 8 is Dialing, not answered']);
    host.dispatch([call(7, 'Active'), call(8, 'Active', { IsInbound: 'False' })]);
    expect(await refusal({ messageType: 'Transfer', mode: 'cancel' })).to.deep.equal(['AMBIGUOUS_CONTACT', '2 calls qualify; send a contactId']);
    expect(requests).to.deep.equal([]);
  }).timeout(10_000);

  it('is refused NOT_PERMITTED to an origin granted Dial only, and a contact its policy hides does not exist for it', async () => {
    const { host, act, requests } = await desktop({ policy: admin({ actions: ['Dial'], events: (event) => event['ContactID'] !== 7 }) });
    host.dispatch([call(7, 'Active')]);
    expect((await act({ messageType: 'Transfer', mode: 'blind', phoneNumber: '5550143000' }))['refusal']).to.equal('NOT_PERMITTED');
    expect((await act({ messageType: 'Conference' }))['refusal']).to.equal('NOT_PERMITTED');
    cleanUp();
    const hidden = await desktop({ policy: admin({ events: (event) => event['ContactID'] !== 7 }) });
    hidden.host.dispatch([call(7, 'Active')]);
    expect((await hidden.act({ messageType: 'Transfer', mode: 'blind', phoneNumber: '5550143000', contactId: 7 }))['refusal']).to.equal('NO_SUCH_CONTACT');
    expect((await hidden.act({ messageType: 'Transfer', mode: 'blind', phoneNumber: '5550143000' }))['refusal']).to.equal('NO_SUCH_CONTACT');
    expect([...requests, ...hidden.requests]).to.deep.equal([]);
  });
});

describe('SetContactData: a per-origin allow-list of keys (docs/protocol.md#actions-beyond-max)', () => {
  it('writes the keys the origin may write on the only call, or the contact named; admin() may write any', async () => {
    const { host, act, requests } = await desktop({ policy: admin({ contactDataKeys: ['crmId', 'USR_case'] }) });
    host.dispatch([call(7, 'Active')]);
    expect(await act({ messageType: 'SetContactData', data: { crmId: 'A-42' } })).to.deep.include({ status: 'OK', action: 'setContactData' });
    expect((await act({ messageType: 'SetContactData', contactId: 7, data: { USR_case: '1234', crmId: 'A-43' } }))['status']).to.equal('OK');
    expect(requests).to.deep.equal([
      { action: 'setContactData', contactId: 7, data: { crmId: 'A-42' } },
      { action: 'setContactData', contactId: 7, data: { USR_case: '1234', crmId: 'A-43' } },
    ]);
    cleanUp();
    const any = await desktop();
    any.host.dispatch([call(8, 'Active')]);
    expect((await any.act({ messageType: 'SetContactData', data: { anything: 'goes' } }))['status']).to.equal('OK');
  });

  it('refuses a key the origin may not write (naming it), no key, a bad key, and a contact that is not current; writes nothing', async () => {
    const { host, act, requests } = await desktop({ policy: admin({ contactDataKeys: ['crmId'] }) });
    const refusal = async (message: Record<string, unknown>) => {
      const result = await act({ messageType: 'SetContactData', ...message });
      return [result['refusal'], result['detail']];
    };
    expect(await refusal({ data: { crmId: 'x' } })).to.deep.equal(['NO_SUCH_CONTACT', 'no such contact']);
    host.dispatch([call(7, 'Active')]);
    expect(await refusal({ data: { crmId: 'x', secret: 'y', other: 'z' } })).to.deep.equal(['NOT_PERMITTED', 'the origin may not write secret, other']);
    expect(await refusal({ data: {} })).to.deep.equal(['NOT_PERMITTED', '1 to 32 keys']);
    expect(await refusal({ data: { crmId: 'x' }, contactId: 99 })).to.deep.equal(['NO_SUCH_CONTACT', 'no such contact']);
    host.dispatch([call(8, 'Holding')]);
    expect(await refusal({ data: { crmId: 'x' } })).to.deep.equal(['AMBIGUOUS_CONTACT', '2 calls qualify; send a contactId']);
    cleanUp();
    const none = await desktop({ policy: { actions: ['SetContactData'] } });
    none.host.dispatch([call(7, 'Active')]);
    expect((await none.act({ messageType: 'SetContactData', data: { 'bad key': 'x' } }))['refusal']).to.equal('NOT_PERMITTED');
    expect((await none.act({ messageType: 'SetContactData', data: { crmId: 'x' } }))['detail']).to.equal('the origin may not write crmId');
    expect([...requests, ...none.requests]).to.deep.equal([]);
  });
});

/** A desktop whose action controller answers every query with `options`. */
async function desktopAnswering(options: unknown) {
  const requests: ActionRequest[] = [];
  const made = makeHost({ policies: { [FRAME_ORIGIN]: admin({ actions: ['EndWrapUp'] }) }, dialects: [beyondMax({ controller: (request) => (requests.push(request), Promise.resolve(options)) })] });
  const page = await made.frame();
  page.register(['all'], { ccbridge: ASK });
  const first = await page.envelope(1);
  return { ...made, page, requests, first };
}

async function resultOf(page: Awaited<ReturnType<typeof desktopAnswering>>['page'], requestId: number) {
  await page.until(() => page.events().some((e) => e['messageType'] === 'CommandResult' && e['requestId'] === requestId), `result ${requestId}`);
  return page.events().find((e) => e['messageType'] === 'CommandResult' && e['requestId'] === requestId)!;
}

/**
 * A desktop fed by a real CometSource against the simulator, with no action
 * controller (actions go to the source), and a cross-origin page registered
 * asking for actions; `fetcher` records every request the source sends.
 */
async function cxoneDesktop(options: { teamId?: number } = {}) {
  await control('/reset');
  const fetcher = recordingFetch();
  const source = new CometSource({ token: await token(), session: { stationPhoneNumber: '4005150001' }, timeoutSeconds: 1, backoff: { initialMs: 10, maxMs: 40 }, fetch: fetcher.fetch, ...options });
  const made = makeHost({ policies: { [FRAME_ORIGIN]: admin() }, source, dialects: [beyondMax()] });
  await source.start();
  onCleanUp(() => source.stop());
  await until(() => made.host.agentState !== undefined, 'the session');
  const page = await made.frame();
  page.register(['all'], { ccbridge: ASK });
  await page.envelope(1);
  /** A call offered on `skill`, answered and hung up by the desktop: the agent is in after-call work. */
  async function afterCall(skill: string): Promise<number> {
    const { contactId } = (await control('/calls', { skill })) as { contactId: number };
    await until(() => made.host.contacts.length === 1, 'the call');
    await made.host.command('AnswerEvent');
    await until(() => made.host.contacts[0]?.Status === 'Active', 'the answered call');
    await made.host.command('HangupEvent');
    await until(() => made.host.agentState?.['IsAcw'] === 'True', 'after-call work');
    return contactId;
  }
  return { ...made, page, requests: fetcher.requests, afterCall };
}

describe('actions through a source, at the wire (docs/platforms.md)', () => {
  it('GetAgentStateOptions goes to the CXone source as the team\'s unavailable codes: the active ones the agent may choose; without a teamId it is refused', async () => {
    const { page, requests } = await cxoneDesktop({ teamId: 7 });
    page.post({ messageType: 'GetAgentStateOptions', version: 1, ccbridge: { requestId: 1 } });
    const result = await resultOf(page, 1);
    expect(result).to.deep.include({ status: 'OK', action: 'agentStateOptions' });
    expect(result['data']).to.deep.equal({ reasons: [{ reason: 'Break' }, { reason: 'Lunch' }, { reason: 'Training' }, { reason: 'Meeting' }] });
    const read = requests.find((request) => request.url.includes('/unavailable-codes'))!;
    expect([read.method, new URL(read.url).pathname + new URL(read.url).search]).to.deep.equal(['GET', '/inContactAPI/services/v23.0/teams/7/unavailable-codes?activityOnly=true']);
    cleanUp();
    const { page: other } = await cxoneDesktop();
    other.post({ messageType: 'GetAgentStateOptions', version: 1, ccbridge: { requestId: 1 } });
    const refused = await resultOf(other, 1);
    expect([refused['refusal'], refused['detail']]).to.deep.equal(['CONTROLLER_FAILED', 'CometSource: the unavailable codes are read by team: pass the teamId option']);
  });

  it('GetWrapUpOptions goes to the CXone source as NICE\'s SDK reads a skill\'s lists: GET skills/{id}/dispositions and /tags', async () => {
    const { host, page, requests } = await cxoneDesktop();
    const { contactId } = (await control('/calls', { skill: 'Support' })) as { contactId: number };
    await until(() => host.contacts.length === 1, 'the call');
    page.post({ messageType: 'GetWrapUpOptions', version: 1, contactId, ccbridge: { requestId: 1 } });
    const result = await resultOf(page, 1);
    expect(result['data']).to.deep.equal({
      skill: '4002',
      dispositions: [{ dispositionId: 111, dispositionName: 'Resolved' }, { dispositionId: 112, dispositionName: 'Escalated' }],
      tags: [{ tagId: 211, tagName: 'Billing' }, { tagId: 212, tagName: 'Technical' }],
    });
    const lists = requests.filter((request) => /\/skills\//.test(request.url)).map((request) => [request.method, new URL(request.url).pathname]);
    expect(lists).to.have.deep.members([['GET', '/inContactAPI/services/v12.0/skills/4002/dispositions'], ['GET', '/inContactAPI/services/v12.0/skills/4002/tags']]);
  });

  it('EndWrapUp goes to the CXone source as the contact\'s disposition, which ends after-call work on the simulator', async () => {
    const { page, requests, afterCall } = await cxoneDesktop();
    const contactId = await afterCall('Sales');
    page.post({ messageType: 'EndWrapUp', version: 1, dispositionId: 102, notes: 'Not now', tags: [201, 202, 201], ccbridge: { requestId: 1 } });
    await page.until(() => page.events().some((e) => e['messageType'] === 'CommandResult'), 'the result');
    expect(page.events().find((e) => e['messageType'] === 'CommandResult')).to.deep.include({ status: 'OK', action: 'endWrapUp' });
    const posted = requests.find((request) => request.path.endsWith('/disposition'))!;
    expect([posted.method, posted.path.replace(/^\/[^/]+/, ''), posted.body]).to.deep.equal(['POST', `/interactions/${contactId}/disposition`, { primaryDispositionId: 102, primaryDispositionNotes: 'Not now' }]);
    // The tags first, on the contact, as NICE's SDK saves them (once each).
    const tagged = requests.find((request) => request.url.endsWith('/tags'))!;
    expect([tagged.method, new URL(tagged.url).pathname, tagged.body]).to.deep.equal(['POST', `/inContactAPI/services/v23.0/contacts/${contactId}/tags`, { tags: [201, 202] }]);
    expect(requests.indexOf(tagged)).to.be.below(requests.indexOf(posted));
    await page.until(() => page.events().some((e) => e['Type'] === 'AgentState' && e['CurrentState'] === 'Available' && e['IsAcw'] === 'False'), 'the agent available again');
    const state = (await simState()) as unknown as { dispositions: unknown[]; tagged: unknown[] };
    expect(state.dispositions).to.deep.equal([{ contactId, dispositionId: 102, notes: 'Not now' }]);
    expect(state.tagged).to.deep.equal([{ contactId, tags: [201, 202] }]);
  });

  it('a disposition the contact\'s skill does not have is refused by the platform: CONTROLLER_FAILED, still in after-call work', async () => {
    const { host, page, afterCall } = await cxoneDesktop();
    await afterCall('Support');
    page.post({ messageType: 'EndWrapUp', version: 1, dispositionId: 101, ccbridge: { requestId: 1 } });
    await page.until(() => page.events().some((e) => e['messageType'] === 'CommandResult'), 'the result');
    const result = page.events().find((e) => e['messageType'] === 'CommandResult')!;
    expect([result['status'], result['refusal']]).to.deep.equal(['REFUSED', 'CONTROLLER_FAILED']);
    expect(String(result['detail'])).to.match(/HTTP 400.*disposition 101 is not one of skill 4002's/);
    expect(host.agentState?.['IsAcw']).to.equal('True');
  });

  /** An answered call on the simulator, and a page's posts answered in order. */
  async function answeredCall(made: Awaited<ReturnType<typeof cxoneDesktop>>) {
    const { contactId } = (await control('/calls', { skill: 'Sales' })) as { contactId: number };
    await until(() => made.host.contacts.length === 1, 'the call');
    await made.host.command('AnswerEvent');
    await until(() => made.host.contacts[0]?.Status === 'Active', 'the answered call');
    let nextId = 1;
    const act = async (message: Record<string, unknown>) => {
      const requestId = nextId++;
      made.page.post({ version: 1, ...message, ccbridge: { requestId } });
      return resultOf(made.page, requestId);
    };
    const consulting = () => until(() => made.host.contacts.length === 2 && made.host.contacts.every((c) => c.Status === (c.ContactID === contactId ? 'Holding' : 'Active')), 'the consulted party answering', 5000);
    const posted = (from: number) => made.requests.slice(from).filter((r) => r.method === 'POST' && r.path !== '').map((r) => [r.path.replace(/^\/[^/]+/, ''), r.body ?? null]);
    return { contactId, act, consulting, posted };
  }

  it('a consult transfer goes to the CXone source as NICE\'s SDK does it (hold, dial-phone); complete is transfer-calls, and the simulator hands the caller over', async () => {
    const made = await cxoneDesktop();
    const { contactId, act, consulting, posted } = await answeredCall(made);
    const from = made.requests.length;
    expect(await act({ messageType: 'Transfer', mode: 'consult', phoneNumber: '555 014 3000' })).to.deep.include({ status: 'OK', action: 'transfer' });
    await consulting();
    const consultId = Number(made.host.contacts.find((c) => c.ContactID !== contactId)!.ContactID);
    expect(await act({ messageType: 'Transfer', mode: 'complete' })).to.deep.include({ status: 'OK' });
    await until(() => made.host.contacts.length === 0 && made.host.agentState?.['IsAcw'] === 'True', 'both calls gone, after-call work');
    expect(posted(from)).to.deep.equal([[`/interactions/${contactId}/hold`, null], ['/dial-phone', { phoneNumber: '5550143000' }], ['/interactions/transfer-calls', null]]);
    expect(((await simState()) as unknown as { transfers: unknown[] }).transfers).to.deep.equal([{ contactId, to: '5550143000' }]);
    // Wrap-up is for the caller, as on the platform.
    expect(made.page.events().some((e) => e['ContactID'] === consultId && e['FinalState'] === 'True')).to.equal(true);
  });

  it('cancel ends the consult call and resumes the caller; Conference is conference-calls, and the caller is back with both', async () => {
    const made = await cxoneDesktop();
    const { contactId, act, consulting, posted } = await answeredCall(made);
    await act({ messageType: 'Transfer', mode: 'consult', phoneNumber: '5550143000' });
    await consulting();
    const consultId = Number(made.host.contacts.find((c) => c.ContactID !== contactId)!.ContactID);
    let from = made.requests.length;
    expect(await act({ messageType: 'Transfer', mode: 'cancel' })).to.deep.include({ status: 'OK' });
    await until(() => made.host.contacts.length === 1 && made.host.contacts[0]!.Status === 'Active', 'the caller back');
    expect(posted(from)).to.deep.equal([[`/interactions/${consultId}/end`, null], [`/interactions/${contactId}/resume`, null]]);
    await act({ messageType: 'Transfer', mode: 'consult', phoneNumber: '5550143001' });
    await until(() => made.host.contacts.length === 2 && made.host.contacts.every((c) => c.Status === (c.ContactID === contactId ? 'Holding' : 'Active')), 'the second consult', 5000);
    from = made.requests.length;
    expect(await act({ messageType: 'Conference' })).to.deep.include({ status: 'OK', action: 'conference' });
    await until(() => made.host.contacts.length === 2 && made.host.contacts.every((c) => c.Status === 'Active'), 'all three on the call');
    expect(posted(from)).to.deep.equal([['/interactions/conference-calls', null]]);
    expect(((await simState()) as unknown as { conferences: unknown[] }).conferences).to.have.length(1);
  });

  it('a blind transfer is the consult\'s requests, then transfer-calls once the consult call is in the session\'s events', async () => {
    const made = await cxoneDesktop();
    const { contactId, act, posted } = await answeredCall(made);
    const from = made.requests.length;
    expect(await act({ messageType: 'Transfer', mode: 'blind', phoneNumber: '5550143000' })).to.deep.include({ status: 'OK' });
    await until(() => made.host.contacts.length === 0, 'the caller handed over');
    expect(posted(from)).to.deep.equal([[`/interactions/${contactId}/hold`, null], ['/dial-phone', { phoneNumber: '5550143000' }], ['/interactions/transfer-calls', null]]);
    expect(((await simState()) as unknown as { transfers: unknown[] }).transfers).to.deep.equal([{ contactId, to: '5550143000' }]);
  });

  it('SetContactData goes to the CXone source as NICE\'s SDK posts custom data (custom-data, key=value|…), and the call\'s next event carries it', async () => {
    const made = await cxoneDesktop();
    const { contactId, act, posted } = await answeredCall(made);
    const from = made.requests.length;
    expect(await act({ messageType: 'SetContactData', data: { crmId: 'A-42', case: '7' } })).to.deep.include({ status: 'OK', action: 'setContactData' });
    expect(posted(from)).to.deep.equal([[`/interactions/${contactId}/custom-data`, { indicatorName: 'ccbridge', data: 'crmId=A-42|case=7' }]]);
    await made.page.until(() => made.page.events().some((e) => e['ContactID'] === contactId && e['CustomData'] === 'crmId=A-42|case=7'), 'the data on the call');
    expect(((await simState()) as unknown as { contactData: unknown }).contactData).to.deep.equal({ [contactId]: { crmId: 'A-42', case: '7' } });
    // A value CXone's format cannot carry is refused by the source, not sent.
    const refused = await act({ messageType: 'SetContactData', data: { note: 'a|b' } });
    expect([refused['refusal'], refused['detail']]).to.deep.equal(['CONTROLLER_FAILED', "CometSource: CXone's custom data is 'key=value|…': 'note' cannot carry a | or ="]);
  });

  it('with no action controller, a page\'s Dial and SetAgentState go to the CXone source as dial-phone and state requests, and the simulator places the call', async () => {
    const { page, requests } = await cxoneDesktop();
    page.post({ messageType: 'Dial', version: 1, phoneNumber: '+1 555 014 9999', skill: 'Outbound', ccbridge: { requestId: 1 } });
    page.post({ messageType: 'SetAgentState', version: 1, state: 'Unavailable', reason: 'Training', ccbridge: { requestId: 2 } });
    await page.until(() => page.events().filter((e) => e['messageType'] === 'CommandResult').length === 2, 'both results');
    const posted = requests.filter((request) => request.method === 'POST' && /\/(dial-phone|state)$/.test(request.path));
    expect(posted.map((request) => [request.path.replace(/^\/[^/]+/, ''), request.body])).to.have.deep.members([
      ['/dial-phone', { phoneNumber: '+15550149999', skillName: 'Outbound' }],
      ['/state', { state: 'Unavailable', reason: 'Training' }],
    ]);
    await page.until(() => page.events().some((e) => e['Type'] === 'CallContactEvent' && e['ANI'] === '+15550149999'), 'the outbound call on the page');
    expect((await simState()).contacts.some((contact) => contact['ANI'] === '+15550149999')).to.equal(true);
  });
});
