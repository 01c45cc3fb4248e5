import { expect } from '@open-wc/testing';
import { aiccDialect } from '../../src/host/aicc.js';
import type { AiccTraffic } from '../../src/host/aicc.js';
import { supervisor, noright } from '../../src/host/profiles.js';
import type { ContactCommand } from '../../src/host/index.js';
import { agentState, call, ended } from '../helpers/events.js';
import { cleanUp, makeHost, onCleanUp } from '../helpers/host.js';
import { control, simState, simulator } from '../helpers/simulator.js';
import { FRAME_ORIGIN, PAGE_ORIGIN, TestFrame, frameUrl } from '../helpers/test-frame.js';
import { until } from '../helpers/client.js';

afterEach(cleanUp);

const eventpost = (param: unknown[]) => ({ name: 'eventpost', param });

/** What an AICC page received, parsed when it came as a string. */
function aicc(page: TestFrame) {
  return page.received
    .map((message) => (typeof message.data === 'string' ? (JSON.parse(message.data) as Record<string, unknown>) : (message.data as Record<string, unknown>)))
    .filter((data) => data !== null && typeof data === 'object' && 'name' in data);
}

describe('AICC eventpost served by a BridgeHost, across origins (docs/aicc.md)', () => {
  it('a frame that posts the JSON string gets one JSON string per matching event, with the identifier and the source event', async () => {
    const { host, frame } = makeHost({ dialects: [aiccDialect()] });
    const page = await frame();
    page.post(JSON.stringify(eventpost(['AgentOther_PhoneAlerting', 'AgentEvent_Talking'])), '*');
    await page.barrier();
    host.dispatch([agentState('Available'), call(7, 'Incoming', { ANI: '5550101' }), call(7, 'Active'), call(7, 'Holding')]);
    await page.until(() => page.received.length === 2, 'two AICC messages');
    expect(page.received.every((message) => typeof message.data === 'string')).to.equal(true);
    const [alerting, talking] = aicc(page);
    expect(alerting).to.deep.include({ name: 'AgentOther_PhoneAlerting', contactId: 7 });
    expect(alerting!['event']).to.deep.equal(call(7, 'Incoming', { ANI: '5550101' }));
    expect(talking).to.deep.include({ name: 'AgentEvent_Talking', contactId: 7 });
    expect(page.received[0]!.origin).to.equal(PAGE_ORIGIN);
  });

  it('a frame that posts an object gets objects; subscriptions add up', async () => {
    const { host, frame } = makeHost({ dialects: [aiccDialect()] });
    const page = await frame();
    page.post(eventpost(['AgentState_Ready']));
    page.post(eventpost(['AgentState_SetRest_Success']));
    await page.barrier();
    host.dispatch([agentState('Available'), agentState('Unavailable', { CurrentOutReason: 'Break' })]);
    await page.until(() => page.received.length === 2, 'two messages');
    expect(page.received.map((message) => (message.data as { name: string }).name)).to.deep.equal(['AgentState_Ready', 'AgentState_SetRest_Success']);
    expect((page.received[0]!.data as { contactId: unknown }).contactId).to.equal(null);
  });

  it('an unknown identifier gets a clear error back and a warning, and changes nothing', async () => {
    const { host, frame, log } = makeHost({ dialects: [aiccDialect()] });
    const page = await frame();
    page.post(JSON.stringify(eventpost(['AgentOther_PhoneAlerting', 'AgentState_Bogus'])), '*');
    await page.until(() => page.received.length === 1, 'the error');
    expect(JSON.parse(page.received[0]!.data as string)).to.deep.equal({ name: 'eventpost', status: 'ERROR', reason: 'Unknown event identifier', invalid: ['AgentState_Bogus'] });
    expect(log.lines.some((line) => line.level === 'warn' && line.message.includes('AgentState_Bogus'))).to.equal(true);
    host.dispatch([call(1, 'Incoming')]);
    await page.barrier();
    expect(page.received).to.have.length(1);
  });

  it('onTraffic sees each accepted subscription and each message a page received, errors included; a throwing listener stops nothing', async () => {
    const seen: AiccTraffic[] = [];
    const { host, frame } = makeHost({ dialects: [aiccDialect({ onTraffic: (traffic) => seen.push(traffic) })] });
    const page = await frame();
    page.post(eventpost(['AgentOther_PhoneAlerting']));
    page.post(eventpost(['AgentState_Bogus']));
    await page.until(() => page.received.length === 1, 'the error');
    host.dispatch([call(3, 'Incoming')]);
    await page.until(() => page.received.length === 2, 'the call');
    expect(seen.map((traffic) => (traffic.direction === 'in' ? `in ${traffic.identifiers.join()}` : `out ${'status' in traffic.message ? traffic.message.reason : traffic.message.name}`))).to.deep.equal([
      'in AgentOther_PhoneAlerting',
      'out Unknown event identifier',
      'out AgentOther_PhoneAlerting',
    ]);
    expect(seen.every((traffic) => traffic.origin === FRAME_ORIGIN)).to.equal(true);

    const { host: second, frame: frameOf, log } = makeHost({ dialects: [aiccDialect({ onTraffic: () => { throw new Error('observer bug'); } })] });
    const other = await frameOf();
    other.post(eventpost(['AgentOther_PhoneAlerting']));
    await other.barrier();
    second.dispatch([call(4, 'Incoming')]);
    await other.until(() => other.received.length === 1, 'the call despite the listener');
    expect(log.lines.filter((line) => line.level === 'error' && line.message.includes('onTraffic listener threw'))).to.have.length(1);
  });

  it('follows the origin rules: a frame on an origin the host does not allow is not served', async () => {
    const { host, record } = makeHost({ dialects: [aiccDialect()] });
    const rejections = record('rejection');
    const stray = await TestFrame.open(frameUrl());
    onCleanUp(() => stray.iframe.remove());
    stray.post(JSON.stringify(eventpost(['AgentOther_PhoneAlerting'])), '*');
    await stray.until(() => rejections.length === 1, 'the rejection');
    host.dispatch([call(1, 'Incoming')]);
    await stray.barrier();
    expect(stray.received).to.deep.equal([]);
  });

  it('AgentEvent_Call_Release when a page hangs up through the host, Customer_Release when the caller does', async () => {
    const { host, frame } = makeHost({
      dialects: [aiccDialect()],
      controller: ({ action, contact }: ContactCommand) => {
        if (action === 'end') queueMicrotask(() => host.dispatch([{ ...contact, Status: 'Disconnected', FinalState: 'True' }]));
      },
    });
    const page = await frame();
    page.post(eventpost(['AgentEvent_Call_Release', 'AgentEvent_Customer_Release']));
    await page.barrier();
    host.dispatch([call(1, 'Active')]);
    page.post({ messageType: 'HangupEvent', contactId: 1 });
    await page.until(() => page.received.length === 1, 'the agent release');
    host.dispatch([call(2, 'Active'), ended(2)]);
    await page.until(() => page.received.length === 2, 'the customer release');
    expect(page.received.map((message) => (message.data as { name: string; contactId: number }).name)).to.deep.equal(['AgentEvent_Call_Release', 'AgentEvent_Customer_Release']);
  });

  it('applies the origin\'s policy: a supervisor gets only its queues; noright is refused', async () => {
    const { host, frame } = makeHost({ dialects: [aiccDialect()], policies: { [FRAME_ORIGIN]: supervisor({ queues: ['sales'], groups: [] }) } });
    const page = await frame();
    page.post(eventpost(['AgentOther_PhoneAlerting']));
    await page.barrier();
    host.dispatch([call(1, 'Incoming', { Skill: 'support' }), call(2, 'Incoming', { Skill: 'sales' })]);
    await page.until(() => page.received.length === 1, 'the sales call');
    await page.barrier();
    expect(page.received.map((message) => (message.data as { contactId: number }).contactId)).to.deep.equal([2]);

    const denied = makeHost({ dialects: [aiccDialect()], policies: { [FRAME_ORIGIN]: noright() } });
    const refusedPage = await denied.frame();
    refusedPage.post(eventpost(['AgentOther_PhoneAlerting']));
    await refusedPage.until(() => refusedPage.received.length === 1, 'the refusal');
    expect(refusedPage.received[0]!.data).to.deep.include({ status: 'ERROR', reason: 'Not permitted for this origin' });
  });
});

describe('connection-bar mode: an AICC enterprise page on another origin (docs/aicc.md)', () => {
  it('the page written the AICC way subscribes through window.frames["ccbarclient"] and gets the call; MAX commands work too', async function () {
    this.timeout(30_000);
    await control('/reset');
    const { url } = await simulator();
    const received: unknown[] = [];
    const listener = (event: MessageEvent) => {
      if (event.origin === FRAME_ORIGIN) received.push(event.data);
    };
    window.addEventListener('message', listener);
    onCleanUp(() => window.removeEventListener('message', listener));
    const iframe = document.createElement('iframe');
    iframe.name = 'ccbarclient';
    iframe.src = `${FRAME_ORIGIN}/demo/connection-bar.html?parent=${encodeURIComponent(PAGE_ORIGIN)}&sim=${encodeURIComponent(url)}`;
    document.body.append(iframe);
    onCleanUp(() => iframe.remove());
    // The bar's host listens before its source starts a session on the platform.
    await until(async () => (await simState()).sessions.length === 1, 'the bar\'s session', 10_000);
    const bar = (window.frames as unknown as Record<string, Window>)['ccbarclient']!;
    const aicc = () => received.filter((data) => typeof data === 'string');

    // Exactly what the AICC sample does:
    const param = new Array<string>();
    param.push('AgentOther_PhoneAlerting');
    param.push('AgentEvent_Talking');
    const json = { name: 'eventpost', param };
    bar.postMessage(JSON.stringify(json), FRAME_ORIGIN);
    // A barrier: an invalid MAX registration gets an ERROR acknowledgement,
    // which the bar sends only after handling what this page posted before.
    bar.postMessage({ messageType: 'RegisterForClientEvents', subscriptionTypes: ['barrier'] }, FRAME_ORIGIN);
    await until(() => received.some((data) => typeof data === 'object' && data !== null && 'events' in data), 'the bar\'s ERROR acknowledgement', 10_000);

    await control('/calls', { ani: '0601020304' });
    await until(() => aicc().length === 1, 'AgentOther_PhoneAlerting', 10_000);
    const alerting = JSON.parse(aicc()[0]!) as { name: string; contactId: number; event: { ANI: string } };
    expect(alerting.name).to.equal('AgentOther_PhoneAlerting');
    expect(alerting.event.ANI).to.equal('0601020304');

    iframe.contentWindow!.postMessage({ messageType: 'AnswerEvent', contactId: alerting.contactId }, FRAME_ORIGIN);
    await until(() => aicc().length === 2, 'AgentEvent_Talking', 10_000);
    expect(JSON.parse(aicc()[1]!)).to.deep.include({ name: 'AgentEvent_Talking', contactId: alerting.contactId });
  });
});

describe('who hung up: the desktop\'s own buttons take the pages\' path (host.command)', () => {
  it('an agent hang-up from the desktop is AgentEvent_Call_Release; the caller\'s hang-up is AgentEvent_Customer_Release', async () => {
    // The platform's final events name nobody (no DisconnectCode): only the host knows the agent asked.
    const { host, frame, record } = makeHost({
      dialects: [aiccDialect()],
      controller: ({ action, contact }: ContactCommand) => {
        if (action === 'end') queueMicrotask(() => host.dispatch([{ ...contact, Status: 'Disconnected', FinalState: 'True' }]));
      },
    });
    const commands = record('command');
    const page = await frame();
    page.post(eventpost(['AgentEvent_Call_Release', 'AgentEvent_Customer_Release']));
    await page.barrier();
    host.dispatch([call(1, 'Active')]);
    const report = await host.command('HangupEvent', 1);
    expect(report).to.include({ action: 'end', refusal: null, contactId: 1, issuer: 'desktop', origin: location.origin });
    expect(commands.map((c) => `${c.origin}:${c.action}`)).to.deep.equal([`${location.origin}:end`]);
    await page.until(() => aicc(page).length === 1, 'the agent release');
    host.dispatch([call(2, 'Active')]);
    host.dispatch([ended(2)]);
    await page.until(() => aicc(page).length === 2, 'the customer release');
    expect(aicc(page).map((message) => `${String(message['name'])}:${String(message['contactId'])}`)).to.deep.equal(['AgentEvent_Call_Release:1', 'AgentEvent_Customer_Release:2']);
  });

  it('refuses a desktop command that is not valid now, by the same rules as a page\'s, and says why', async () => {
    const calls: string[] = [];
    const { host } = makeHost({ controller: ({ action }: ContactCommand) => void calls.push(action) });
    host.dispatch([call(1, 'Incoming')]);
    const refused = await host.command('HoldEvent', 1);
    expect(refused).to.include({ refusal: 'INVALID_IN_STATE', action: null });
    expect(refused.detail).to.contain('status Incoming');
    expect((await host.command('AnswerEvent')).action).to.equal('accept');
    expect((await host.command('HangupEvent', 9)).refusal).to.equal('NO_SUCH_CONTACT');
    expect(calls).to.deep.equal(['accept']);
  });
});

describe('AICC extras: replaying the current state, break lengths', () => {
  it('with replayState, a page that subscribes while a call rings gets AgentOther_PhoneAlerting at once (and the agent state it asked for)', async () => {
    const { host, frame } = makeHost({ dialects: [aiccDialect({ replayState: true })] });
    host.dispatch([agentState('InboundContact'), call(4, 'Incoming', { ANI: '5550104' }), call(5, 'Active')]);
    const page = await frame();
    page.post(eventpost(['AgentOther_PhoneAlerting', 'AgentState_Busy']));
    await page.until(() => aicc(page).length === 2, 'the replayed state');
    expect(aicc(page).map((message) => `${String(message['name'])}:${String(message['contactId'])}`)).to.deep.equal(['AgentState_Busy:null', 'AgentOther_PhoneAlerting:4']);
    // Subscribing again to the same identifiers replays nothing more.
    page.post(eventpost(['AgentOther_PhoneAlerting']));
    await page.barrier();
    expect(aicc(page)).to.have.length(2);
  });

  it('without replayState (the default), AICC sends transitions only', async () => {
    const { host, frame } = makeHost({ dialects: [aiccDialect()] });
    host.dispatch([call(4, 'Incoming')]);
    const page = await frame();
    page.post(eventpost(['AgentOther_PhoneAlerting']));
    await page.barrier();
    expect(aicc(page)).to.deep.equal([]);
  });

  it('a break that runs over its limit raises AgentState_Rest_Timeout once; the agent stays on the break', async () => {
    const { host, frame } = makeHost({ dialects: [aiccDialect({ breakLimitsMs: { break: 150, Lunch: 60_000 } })] });
    const page = await frame();
    page.post(eventpost(['AgentState_Rest_Timeout', 'AgentState_SetRest_Success']));
    await page.barrier();
    host.dispatch([agentState('Unavailable', { CurrentOutReason: 'Break', StartTimeUTC: new Date().toISOString() })]);
    await page.until(() => aicc(page).some((message) => message['name'] === 'AgentState_Rest_Timeout'), 'the rest timeout');
    expect(aicc(page).map((message) => message['name'])).to.deep.equal(['AgentState_SetRest_Success', 'AgentState_Rest_Timeout']);
    expect(host.agentState).to.include({ CurrentState: 'Unavailable', CurrentOutReason: 'Break' });
    // The same break repeated by the platform does not raise it again.
    host.dispatch([host.agentState!]);
    await page.barrier();
    expect(aicc(page).filter((message) => message['name'] === 'AgentState_Rest_Timeout')).to.have.length(1);
  });

  it('refuses a break limit that is not a positive number of milliseconds', () => {
    expect(() => aiccDialect({ breakLimitsMs: { Lunch: -1 } })).to.throw(/Lunch/);
  });
});

describe('the connection bar listens from its first script', () => {
  it('an eventpost posted at window.onload of a page whose bar\'s token service takes 800 ms is honoured', async function () {
    this.timeout(30_000);
    await control('/reset');
    await control('/token', { delayMs: 800 });
    onCleanUp(() => void control('/token', { delayMs: 0 }));
    const { url } = await simulator();
    const relayed: unknown[] = [];
    let subscribed = false;
    const iframe = document.createElement('iframe');
    const listener = (event: MessageEvent) => {
      if (event.source !== iframe.contentWindow) return;
      const data = event.data as { aiccParentReceived?: unknown; aiccParentSubscribed?: boolean };
      if (data.aiccParentSubscribed === true) subscribed = true;
      if (typeof data.aiccParentReceived === 'string') relayed.push(JSON.parse(data.aiccParentReceived));
    };
    window.addEventListener('message', listener);
    onCleanUp(() => window.removeEventListener('message', listener));
    const bar = `${FRAME_ORIGIN}/demo/connection-bar.html?parent=${encodeURIComponent(PAGE_ORIGIN)}&sim=${encodeURIComponent(url)}`;
    iframe.src = `${PAGE_ORIGIN}/test/fixtures/aicc-parent.html?bar=${encodeURIComponent(bar)}&events=AgentOther_PhoneAlerting`;
    document.body.append(iframe);
    onCleanUp(() => iframe.remove());
    // The page subscribes at its onload, while the bar is still waiting for its token.
    await until(() => subscribed, 'the page\'s onload subscription', 10_000);
    await until(async () => (await simState()).sessions.length === 1, 'the bar\'s session', 10_000);
    await control('/calls', { ani: '0601020399' });
    await until(() => relayed.length === 1, 'AgentOther_PhoneAlerting', 10_000);
    expect(relayed[0]).to.deep.include({ name: 'AgentOther_PhoneAlerting' });
  });
});
