/**
 * Policies hold everywhere (issue #13): between origins that are allowed but
 * have different rights, and under abuse. Every test runs across real
 * origins: the host on this page, frames on 127.0.0.1.
 */
import { expect } from '@open-wc/testing';
import { aiccDialect } from '../../src/host/aicc.js';
import { supervisor } from '../../src/host/profiles.js';
import type { ContactCommand } from '../../src/host/index.js';
import { FRAME_ORIGIN, PAGE_ORIGIN, TestFrame, frameUrl } from '../helpers/test-frame.js';
import { until } from '../helpers/until.js';
import { ack, cleanUp, makeHost, onCleanUp } from '../helpers/host.js';
import { agentState, call } from '../helpers/events.js';
import { control, token } from '../helpers/simulator.js';
import { CometSource } from '../../src/sources/cxone/index.js';

afterEach(cleanUp);

const RESULTS = { ccbridge: { version: 1, results: true } };
const results = (page: TestFrame) => page.events().filter((item) => item['messageType'] === 'CommandResult');

describe('the session token never travels inside events to an origin without the grant', () => {
  it('SessionId, and any field equal to the token, are stripped live and in the initial state; a granted origin gets them', async () => {
    const { host, frame } = makeHost({ allowedOrigins: [FRAME_ORIGIN] });
    host.setSessionToken('sess-42');
    host.dispatch([{ Type: 'AgentSessionStart', SessionId: 'sess-42', BusNo: 1 }, agentState('Available', { Echo: 'sess-42' })]);
    const page = await frame();
    page.register(['all']);
    const first = await page.envelope(1);
    expect(JSON.stringify(first)).not.to.contain('sess-42');
    host.dispatch([{ Type: 'AgentSessionEnd', SessionId: 'sess-42' }, call(1, 'Incoming', { Note: 'sess-42' })]);
    await page.envelope(2);
    await page.barrier();
    expect(JSON.stringify(page.received)).not.to.contain('sess-42');
    expect(page.events().find((event) => event['Type'] === 'AgentSessionEnd')).to.deep.equal({ Type: 'AgentSessionEnd' });
  });

  it('an origin granted the token gets SessionId as the platform sent it', async () => {
    const granted = makeHost({ policies: { [FRAME_ORIGIN]: { sessionToken: true } } });
    granted.host.setSessionToken('sess-43');
    const trusted = await granted.frame();
    trusted.register(['all']);
    await trusted.envelope(1);
    granted.host.dispatch([{ Type: 'AgentSessionStart', SessionId: 'sess-43' }]);
    await trusted.envelope(2);
    expect(trusted.events().find((event) => event['Type'] === 'AgentSessionStart')).to.deep.equal({ Type: 'AgentSessionStart', SessionId: 'sess-43' });
  });

  it('in the AICC dialect too', async () => {
    const { host, frame } = makeHost({ dialects: [aiccDialect()] });
    host.setSessionToken('sess-44');
    const page = await frame();
    page.post({ name: 'eventpost', param: ['AgentOther_PhoneAlerting'] });
    await page.barrier();
    host.dispatch([call(1, 'Incoming', { Note: 'sess-44', SessionId: 'sess-44' })]);
    await page.until(() => page.received.length === 1, 'the alerting');
    expect(JSON.stringify(page.received)).not.to.contain('sess-44');
  });
});

describe('the AICC dialect holds the origin\'s subscription types', () => {
  it('with { subscriptionTypes: [\'agent\'] }, call identifiers are refused and no call is delivered', async () => {
    const { host, frame } = makeHost({ dialects: [aiccDialect()], policies: { [FRAME_ORIGIN]: { subscriptionTypes: ['agent'], commands: [] } } });
    const page = await frame();
    page.post({ name: 'eventpost', param: ['AgentState_Ready', 'AgentOther_PhoneAlerting'] });
    await page.until(() => page.received.length === 1, 'the refusal');
    expect(page.received[0]!.data).to.deep.include({ status: 'ERROR', reason: 'Not permitted for this origin', invalid: ['AgentOther_PhoneAlerting'] });
    page.post({ name: 'eventpost', param: ['AgentState_Ready'] });
    await page.barrier();
    host.dispatch([call(1, 'Incoming', { ANI: '5550199' }), agentState('Available')]);
    await page.until(() => page.received.length === 2, 'the agent state');
    expect(JSON.stringify(page.received)).not.to.contain('5550199');
  });
});

describe('commands and cards see only what the origin\'s policy shows', () => {
  it('a contact the policy hides gets the same refusal as an unknown id, with no detail', async () => {
    const calls: string[] = [];
    const { host, frame } = makeHost({
      policies: { [FRAME_ORIGIN]: supervisor({ queues: ['sales'], groups: [] }) },
      controller: ({ action, contactId }: ContactCommand) => void calls.push(`${action}:${contactId}`),
    });
    host.dispatch([call(1, 'Active', { Skill: 'sales' }), call(2, 'Active', { Skill: 'support' })]);
    const page = await frame();
    page.register(['all'], RESULTS);
    await page.envelope(1);
    page.post({ messageType: 'HangupEvent', contactId: 2, ccbridge: { requestId: 1 } });
    page.post({ messageType: 'RecordEvent', contactId: 2, ccbridge: { requestId: 2 } });
    page.post({ messageType: 'HangupEvent', contactId: 99, ccbridge: { requestId: 3 } });
    await page.until(() => results(page).length === 3, 'the three results');
    const [hidden, hiddenRecord, unknown] = results(page);
    expect(hidden).to.deep.include({ status: 'REFUSED', refusal: 'NO_SUCH_CONTACT', contactId: null, detail: 'no such contact' });
    expect({ ...hidden, requestId: 0 }).to.deep.equal({ ...unknown, requestId: 0 });
    expect({ ...hiddenRecord, requestId: 0 }).to.deep.equal({ ...unknown, requestId: 0 });
    page.post({ messageType: 'HangupEvent', ccbridge: { requestId: 4 } });
    await page.until(() => results(page).length === 4, 'the fourth result');
    expect(results(page)[3]).to.deep.include({ status: 'OK', contactId: 1, action: 'end' });
    expect(calls).to.deep.equal(['end:1']);
  });

  it('a contact panel commands and cards only its own contact, unless its policy says anyContact', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    onCleanUp(() => container.remove());
    const calls: string[] = [];
    const cards: number[] = [];
    const url = `${FRAME_ORIGIN}/test/fixtures/max-frame.html?register=contact&c={ContactID}`;
    const { host } = makeHost({ contactPanels: { container, url }, controller: ({ action, contactId }: ContactCommand) => void calls.push(`${action}:${contactId}`) });
    host.on('contactCard', (card) => cards.push(card.contactId));
    host.dispatch([call(1, 'Active'), call(2, 'Active')]);
    const panel = await TestFrame.attach(container.querySelector('iframe')!);
    await panel.envelope(1);
    panel.post({ messageType: 'HangupEvent', contactId: 2 });
    panel.post({ messageType: 'ContactCardData', contactId: 2, contactCardData: { name: 'Other' } });
    panel.post({ messageType: 'HoldEvent' });
    panel.post({ messageType: 'ContactCardData', contactCardData: { name: 'Own' } });
    await panel.barrier();
    expect(calls).to.deep.equal(['hold:1']);
    expect(cards).to.deep.equal([1]);
  });

  it('anyContact: true lets a panel act on other contacts', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    onCleanUp(() => container.remove());
    const calls: string[] = [];
    const url = `${FRAME_ORIGIN}/test/fixtures/max-frame.html?register=contact&c={ContactID}`;
    const { host } = makeHost({ policies: { [FRAME_ORIGIN]: { anyContact: true } }, contactPanels: { container, url }, controller: ({ action, contactId }: ContactCommand) => void calls.push(`${action}:${contactId}`) });
    host.dispatch([call(1, 'Active'), call(2, 'Active')]);
    const panel = await TestFrame.attach(container.querySelector('iframe')!);
    await panel.envelope(1);
    panel.post({ messageType: 'HangupEvent', contactId: 2 });
    await panel.barrier();
    expect(calls).to.deep.equal(['end:2']);
  });
});

describe('setPolicy: rights changed at run time (the agent grants a page its rights)', () => {
  it('a read-only origin granted commands: its subscription ends, it registers again and learns its new rights, and its command reaches the controller', async () => {
    const calls: string[] = [];
    const { host, frame, record } = makeHost({
      defaultPolicy: { commands: [], contactCard: false },
      controller: ({ action, contactId }: ContactCommand) => void calls.push(`${action}:${contactId}`),
    });
    const ended = record('unsubscription');
    host.dispatch([call(1, 'Active')]);
    const page = await frame();
    const extensions = () => page.envelopes().flatMap((envelope) => ('ccbridge' in envelope ? [(envelope as { ccbridge: { commands?: unknown } }).ccbridge.commands] : []));
    page.register(['all'], { ccbridge: { version: 1, results: true } });
    await page.until(() => extensions().length === 1, 'the acknowledgement');
    expect(extensions()).to.deep.equal([[]]);
    page.post({ messageType: 'HoldEvent', ccbridge: { requestId: 1 } });
    await page.until(() => results(page).length === 1, 'the refusal');
    expect(results(page)[0]).to.deep.include({ status: 'REFUSED', refusal: 'NOT_PERMITTED' });

    host.setPolicy(FRAME_ORIGIN, {});
    expect(ended.map(({ origin, cause }) => ({ origin, cause }))).to.deep.equal([{ origin: FRAME_ORIGIN, cause: 'policy' }]);
    expect(host.subscriptions).to.deep.equal([]);
    page.register(['all'], { ccbridge: { version: 1, results: true } });
    await page.until(() => extensions().length === 2, 'the second acknowledgement');
    expect(extensions()[1]).to.deep.equal(['AnswerEvent', 'RefuseEvent', 'HoldEvent', 'MuteEvent', 'MaskEvent', 'RecordEvent', 'HangupEvent']);
    page.post({ messageType: 'HoldEvent', ccbridge: { requestId: 2 } });
    await page.until(() => results(page).length === 2, 'the result');
    expect(results(page)[1]).to.deep.include({ status: 'OK', action: 'hold' });
    expect(calls).to.deep.equal(['hold:1']);
  });

  it('taking rights back ends the subscription at once, so no event or token reaches the origin under its old rights', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: { sessionToken: true } } });
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    host.setPolicy(FRAME_ORIGIN, { subscriptionTypes: ['agent'] });
    host.setSessionToken('sess-45');
    host.dispatch([call(2, 'Incoming')]);
    await page.barrier();
    expect(JSON.stringify(page.received)).not.to.contain('sess-45');
    expect(page.events().some((event) => event['Type'] === 'CallContactEvent')).to.equal(false);
  });

  it('an origin that is not exact throws INVALID_OPTION and changes nothing', () => {
    const { host } = makeHost();
    expect(() => host.setPolicy('https://crm.example.com/', {})).to.throw(/setPolicy: "https:\/\/crm.example.com\/" is not an origin/);
    expect(host.subscriptions).to.deep.equal([]);
  });
});

describe('opaque origins and released origins', () => {
  it('allowOpaqueOrigins hears "null" only from a frame the host created or adopted', async () => {
    const { host, record } = makeHost({ allowOpaqueOrigins: true });
    const rejections = record('rejection');
    const stray = document.createElement('iframe');
    stray.setAttribute('sandbox', 'allow-scripts');
    stray.src = frameUrl('register=agent');
    document.body.append(stray);
    onCleanUp(() => stray.remove());
    const strayPage = await TestFrame.attach(stray);
    await strayPage.barrier();
    expect(host.subscriptions).to.deep.equal([]);
    expect(rejections.some((r) => r.origin === 'null' && r.refusal === 'ORIGIN_NOT_ALLOWED')).to.equal(true);

    const adopted = document.createElement('iframe');
    adopted.setAttribute('sandbox', 'allow-scripts');
    adopted.src = frameUrl('register=agent');
    host.adoptFrame(adopted, { loading: true });
    document.body.append(adopted);
    onCleanUp(() => adopted.remove());
    const page = await TestFrame.attach(adopted);
    expect((await page.envelope(1)).events[0]).to.deep.equal(ack());
    expect(host.subscriptions.map((s) => s.origin)).to.deep.equal(['null']);
  });

  it('a window whose origin only a frame allowed loses its subscription when that frame goes', async () => {
    const { host, container, record } = makeHost();
    const causes = record('unsubscription');
    const iframe = host.createFrame({ url: frameUrl(), container });
    await TestFrame.attach(iframe);
    const popup = window.open(frameUrl('register=agent'), '_blank')!;
    onCleanUp(() => popup.close());
    await until(() => host.subscriptions.length === 1, 'the popup\'s registration', 10_000);
    host.removeFrame(iframe);
    expect(host.subscriptions).to.deep.equal([]);
    expect(causes.map((c) => c.cause)).to.deep.equal(['removed']);
  });
});

describe('abuse: floods, logs, hostile values, replays', () => {
  it('a flooding frame goes over its rate: dropped unread, RATE_LIMITED once, and a quiet frame is still served', async () => {
    const { host, frame, record, log } = makeHost({ rateLimit: { messages: 50, perMs: 1000 } });
    const rejections = record('rejection');
    const quiet = await frame();
    quiet.register(['all']);
    await quiet.envelope(1);
    const noisy = await frame();
    noisy.control({ op: 'flood', count: 2000, data: { messageType: 'HoldEvent' } });
    await noisy.until(() => noisy.reportsOf('flooded').length === 1, 'the flood');
    await noisy.barrier();
    expect(rejections.filter((r) => r.refusal === 'RATE_LIMITED')).to.have.length(1);
    expect(rejections.length, 'no report per dropped message').to.be.below(60);
    expect(log.lines.filter((line) => line.message.includes('RATE_LIMITED'))).to.have.length(1);
    host.dispatch([call(1, 'Incoming')]);
    await quiet.envelope(2);
  });

  it('onAbuse: "remove-frame" removes a frame the host owns when it goes over', async () => {
    const { host, frame } = makeHost({ rateLimit: { messages: 20, perMs: 1000 }, onAbuse: 'remove-frame' });
    const noisy = await frame();
    noisy.control({ op: 'flood', count: 500, data: { messageType: 'HoldEvent' } });
    await until(() => !noisy.iframe.isConnected, 'the frame to be removed');
    expect(host.subscriptions).to.deep.equal([]);
  });

  it('a flood from an origin that is not allowed costs no budget: the allowed page its frame loads next is acknowledged (issue #23)', async () => {
    // The attacker's document: on the test page's own origin, which this host does not allow.
    const { host, container, record } = makeHost({ allowedOrigins: [FRAME_ORIGIN], rateLimit: { messages: 100, perMs: 60_000 } });
    const rejections = record('rejection');
    const iframe = document.createElement('iframe');
    iframe.src = frameUrl('', PAGE_ORIGIN);
    host.adoptFrame(iframe, { allowOrigin: false });
    const page = new TestFrame(iframe);
    container.append(iframe);
    await page.ready(1);
    page.control({ op: 'flood', count: 2000, data: { messageType: 'HoldEvent' } });
    await page.until(() => page.reportsOf('flooded').length === 1, 'the flood');
    // Then the same frame goes to the allowed CRM page, which registers as it starts.
    await page.navigate(frameUrl('register=agent', FRAME_ORIGIN));
    await page.envelope(1);
    expect(page.received[0]!.data).to.deep.include({ events: [ack()] });
    expect(rejections.some((rejection) => rejection.refusal === 'RATE_LIMITED'), 'the attacker never spent a budget').to.equal(false);
    // The new page keeps its subscription past its own load, and is served.
    await page.barrier();
    expect(host.subscriptions.map((subscription) => subscription.origin)).to.deep.equal([FRAME_ORIGIN]);
    host.dispatch([agentState('Available')]);
    await page.envelope(2);
  });

  it('an allowed page that floods, then goes to another allowed page: the new page starts with a full budget', async () => {
    const { host, frame, record } = makeHost({ allowedOrigins: [FRAME_ORIGIN, PAGE_ORIGIN], rateLimit: { messages: 100, perMs: 60_000 } });
    const rejections = record('rejection');
    const page = await frame();
    page.control({ op: 'flood', count: 2000, data: { messageType: 'HoldEvent' } });
    await page.until(() => page.reportsOf('flooded').length === 1, 'the flood');
    await page.barrier();
    expect(rejections.filter((rejection) => rejection.refusal === 'RATE_LIMITED')).to.have.length(1);
    await page.navigate(frameUrl('register=agent', PAGE_ORIGIN));
    await page.envelope(1);
    expect(page.received[0]!.data).to.deep.include({ events: [ack()] });
    await page.barrier();
    expect(host.subscriptions.map((subscription) => subscription.origin)).to.deep.equal([PAGE_ORIGIN]);
    host.dispatch([agentState('Available')]);
    await page.envelope(2);
  });

  it('repeated rejections of every kind are logged once per origin and reason', async () => {
    const { frame, log } = makeHost({ dialects: [aiccDialect()], rateLimit: false });
    const page = await frame();
    page.register(['agent']);
    await page.envelope(1);
    for (let i = 0; i < 50; i += 1) {
      page.register(['agent']);
      page.register(['bogus']);
      page.post({ messageType: 'HangupEvent' });
      page.post({ name: 'eventpost', param: ['Nope'] });
      page.post({ messageType: 'ContactCardData', contactCardData: { name: '' } });
    }
    await page.barrier();
    expect(log.lines.filter((line) => line.level === 'warn').length).to.be.at.most(6);
  });

  it('hostile values cannot throw inside the listener; the page gets its ERROR replies', async () => {
    const { host, frame, log } = makeHost({ dialects: [aiccDialect()] });
    const page = await frame();
    const hostile = { length: { toString: 0, valueOf: 0 } };
    page.post({ messageType: 'RegisterForClientEvents', subscriptionTypes: Array.from({ length: 100_000 }, (_v, i) => `bad${i}`) });
    page.post({ name: 'eventpost', param: hostile });
    page.post(JSON.stringify({ name: 'eventpost', param: hostile }), '*');
    page.post({ messageType: 'ContactCardData', contactCardData: { name: hostile, userImg: hostile } });
    page.post({ messageType: 'HoldEvent', issuer: hostile });
    await page.until(() => page.received.length === 3, 'the three ERROR replies');
    expect(page.envelopes()[0]!.events[0]).to.deep.equal(ack('Invalid Subscription Types'));
    expect(log.lines.filter((line) => line.level === 'error')).to.deep.equal([]);
    const registration = log.lines.find((line) => line.message.includes('Invalid Subscription Types'))!;
    expect(registration.details.length, 'what is echoed is capped').to.be.at.most(5);
    expect(host.subscriptions).to.deep.equal([]);
  });

  it('a replayed requestId is answered with the first result and carried out once', async () => {
    const calls: string[] = [];
    const { host, frame } = makeHost({ controller: ({ action, contactId }: ContactCommand) => void calls.push(`${action}:${contactId}`) });
    host.dispatch([call(1, 'Active')]);
    const page = await frame();
    page.register(['all'], RESULTS);
    await page.envelope(1);
    for (let i = 0; i < 100; i += 1) page.post({ messageType: 'HangupEvent', contactId: 1, ccbridge: { requestId: 7 } });
    await page.until(() => results(page).length === 100, 'the hundred answers');
    expect(calls).to.deep.equal(['end:1']);
    expect(new Set(results(page).map((result) => JSON.stringify(result))).size).to.equal(1);
  });
});

describe('cards: https, the page\'s own origin, raster data: images', () => {
  it('refuses a protocol-relative userImg and an SVG data: image; keeps a png', async () => {
    const { host, frame } = makeHost();
    const cards: (string | undefined)[] = [];
    host.on('contactCard', (card) => cards.push(card.userImg));
    host.dispatch([call(1, 'Active')]);
    const page = await frame();
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'A', userImg: '//evil.example/a.png' } });
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'B', userImg: 'data:image/svg+xml;base64,PHN2Zz4=' } });
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'C', userImg: 'data:image/png;base64,AAAA' } });
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'D', userImg: '/me.png' } });
    await page.barrier();
    expect(cards).to.deep.equal(['data:image/png;base64,AAAA', `${FRAME_ORIGIN}/me.png`]);
  });
});

describe('a source that ends ends the session for pages', () => {
  it('a 409 ends CometSource; pages get AgentSessionEnd and no contact stays current', async () => {
    await control('/reset');
    const comet = new CometSource({ token: await token(), session: { stationPhoneNumber: '4005150001' }, timeoutSeconds: 1, backoff: { initialMs: 10, maxMs: 40 } });
    const { host, frame } = makeHost({ source: comet });
    onCleanUp(() => void comet.stop());
    await comet.start();
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    await control('/calls');
    await page.until(() => page.events().some((event) => event['Type'] === 'CallContactEvent'), 'the call');
    await control('/faults', { failNext: 1, status: 409 });
    await page.until(() => page.events().some((event) => event['Type'] === 'AgentSessionEnd'), 'AgentSessionEnd');
    expect(host.contacts).to.deep.equal([]);
    expect(host.agentState).to.equal(undefined);
  });

  it('timeoutSeconds: 0 cannot spin: empty polls are at least minPollIntervalMs apart', async () => {
    await control('/reset');
    let polls = 0;
    const counting: typeof fetch = (input, init) => {
      if (String(input).includes('get-next-event')) polls += 1;
      return fetch(input, init);
    };
    const comet = new CometSource({ token: await token(), session: { stationPhoneNumber: '4005150001' }, timeoutSeconds: 0, minPollIntervalMs: 200, fetch: counting });
    onCleanUp(() => void comet.stop());
    await comet.start();
    const start = performance.now();
    await until(() => polls >= 6, 'six polls', 5000);
    expect(performance.now() - start, 'six polls take at least four intervals').to.be.at.least(4 * 200 - 50);
  });
});
