import { expect } from '@open-wc/testing';
import { BridgeError, ErrorCode } from '../../src/protocol/index.js';
import { FRAME_ORIGIN, PAGE_ORIGIN, TestFrame } from '../helpers/test-frame.js';
import { until } from '../helpers/until.js';
import { ack, cleanUp, makeHost, onCleanUp } from '../helpers/host.js';
import { agentState, call, chat, ended } from '../helpers/events.js';

afterEach(cleanUp);

/** Live event items (not acks or SessionInfo) a page received, as short labels. */
function live(page: TestFrame): string[] {
  return page
    .events()
    .filter((e) => e['messageType'] !== 'ClientEventSubscriptionAcknowledge')
    .map((e) => (e['messageType'] === 'SessionInfo' ? `SessionInfo:${String(e['sessionToken'])}` : `${String(e['Type'])}${e['ContactID'] === undefined ? '' : `:${String(e['ContactID'])}`}`));
}

async function registered(page: Promise<TestFrame>, types: string[], extra: Record<string, unknown> = {}) {
  const frame = await page;
  frame.register(types, extra);
  await frame.envelope(1);
  return frame;
}

describe('live filtering by subscription type (docs/protocol.md)', () => {
  const sequence = [
    agentState('Available'),
    { Type: 'AgentSessionStart', BusNo: 1 },
    call(7, 'Incoming'),
    call('8', 'Active'),
    chat(9, 'Active'),
    { Type: 'Indicator', Name: 'Recording' },
    call(7, 'Active'),
    { Type: 'AgentSessionEnd' },
  ];

  it('delivers to each window exactly what its types select', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: { sessionToken: true } } });
    const all = await registered(frame(), ['all']);
    const agent = await registered(frame(), ['agent']);
    const contact7 = await registered(frame(), ['contact'], { contactId: 7 });
    const contact8 = await registered(frame(), ['contact'], { contactId: 8 });
    const contacts = await registered(frame(), ['contacts']);
    const session = await registered(frame(), ['sessioninfo']);
    const mixed = await registered(frame(), ['agent', 'contact'], { contactId: 9 });
    host.dispatch(sequence.slice(0, 4));
    host.setSessionToken('tok');
    host.dispatch(sequence.slice(4));
    for (const page of [all, agent, contact7, contact8, contacts, session, mixed]) await page.barrier();
    expect(live(all)).to.deep.equal([
      'AgentState', 'AgentSessionStart', 'CallContactEvent:7', 'CallContactEvent:8', 'SessionInfo:tok',
      'TextContactEvent:9', 'Indicator', 'CallContactEvent:7', 'AgentSessionEnd',
    ]);
    expect(live(agent)).to.deep.equal(['AgentState', 'AgentSessionStart', 'Indicator', 'AgentSessionEnd']);
    expect(live(contact7)).to.deep.equal(['CallContactEvent:7', 'CallContactEvent:7']);
    expect(live(contact8), 'a contact id sent as "8" matches 8').to.deep.equal(['CallContactEvent:8']);
    expect(live(contacts)).to.deep.equal(['CallContactEvent:7', 'CallContactEvent:8', 'TextContactEvent:9', 'CallContactEvent:7']);
    expect(live(session)).to.deep.equal(['SessionInfo:tok', 'AgentSessionEnd']);
    expect(live(mixed)).to.deep.equal(['AgentState', 'AgentSessionStart', 'TextContactEvent:9', 'Indicator', 'AgentSessionEnd']);
  });

  it('binds every envelope to the subscription\'s contact id, or null', async () => {
    const { host, frame } = makeHost();
    const bound = await registered(frame(), ['contact'], { contactId: 7 });
    const unbound = await registered(frame(), ['contacts']);
    host.dispatch([call(7, 'Active')]);
    await bound.envelope(2);
    await unbound.envelope(2);
    expect(bound.envelopes().map((e) => e.contactId)).to.deep.equal([7, 7]);
    expect(unbound.envelopes().map((e) => e.contactId)).to.deep.equal([null, null]);
  });

  it('sends SessionInfo again whenever the token changes, and not when it is unchanged', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: { sessionToken: true } } });
    const page = await registered(frame(), ['sessioninfo']);
    host.setSessionToken('a');
    host.setSessionToken('a');
    await page.barrier();
    host.setSessionToken('b');
    await page.barrier();
    expect(live(page)).to.deep.equal(['SessionInfo:a', 'SessionInfo:b']);
  });

  it('keeps the platform\'s own fields on every event', async () => {
    const { host, frame } = makeHost();
    const page = await registered(frame(), ['contacts']);
    host.dispatch([call(7, 'Active', { CustomData: { crmId: 'A-1' } })]);
    const { events } = await page.envelope(2);
    expect(events[0]).to.deep.equal(call(7, 'Active', { CustomData: { crmId: 'A-1' } }));
  });
});

describe('batching (docs/page-authors.md#extensions)', () => {
  it('sends events that arrive in the same task as one envelope per window', async () => {
    const { host, frame } = makeHost();
    const page = await registered(frame(), ['all']);
    host.dispatch([agentState('Available')]);
    host.dispatch([call(1, 'Incoming'), call(1, 'Active')]);
    await page.barrier();
    expect(page.envelopes()).to.have.length(2);
    expect(page.envelopes()[1]!.events).to.have.length(3);
  });

  it('sends events of separate tasks in separate envelopes, in order', async () => {
    const { host, frame } = makeHost();
    const page = await registered(frame(), ['all']);
    host.dispatch([call(1, 'Incoming')]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    host.dispatch([call(1, 'Active')]);
    await page.barrier();
    expect(page.envelopes().slice(1).map((e) => e.events.map((event) => event['Status']))).to.deep.equal([['Incoming'], ['Active']]);
  });

  it('appends events of the registration\'s task after the acknowledgement and initial state', async () => {
    const { host, record, frame } = makeHost();
    host.dispatch([agentState('Available')]);
    const page = await frame();
    host.on('registration', () => host.dispatch([agentState('Unavailable')]));
    record('registration');
    page.register(['agent']);
    const { events } = await page.envelope(1);
    expect(events.map((e) => e['messageType'] ?? e['CurrentState'])).to.deep.equal(['ClientEventSubscriptionAcknowledge', 'Available', 'Unavailable']);
  });
});

describe('issuer (docs/protocol.md)', () => {
  it('is configurable; MAX pages that filter on issuer === "MAX" see nothing from a CXA host', async () => {
    const { host, frame } = makeHost({ issuer: 'CXA' });
    const page = await frame();
    page.register(['agent']);
    const envelope = await page.envelope(1, 'CXA');
    expect(envelope.events[0]).to.deep.equal(ack());
    host.dispatch([agentState('Available')]);
    await page.envelope(2, 'CXA');
    expect(page.envelopes('MAX')).to.deep.equal([]);
  });
});

describe('the current state the host keeps (docs/protocol.md)', () => {
  it('keeps a contact from its first event until Disconnected with a true FinalState', async () => {
    const { host } = makeHost();
    host.dispatch([call(1, 'Incoming'), call(2, 'Active')]);
    expect(host.contacts.map((c) => c.ContactID)).to.deep.equal([1, 2]);
    host.dispatch([call(1, 'Disconnected', { FinalState: 'False' })]);
    expect(host.contacts.map((c) => c.ContactID)).to.deep.equal([1, 2]);
    host.dispatch([ended(1), call(2, 'Disconnected', { FinalState: true })]);
    expect(host.contacts).to.deep.equal([]);
  });

  it('rejects a batch holding an invalid event with INVALID_EVENT, applying none of it', async () => {
    const { host, frame } = makeHost();
    const page = await registered(frame(), ['all']);
    let error: unknown;
    try {
      host.dispatch([agentState('Available'), { Type: 'CallContactEvent', ContactID: 0, Status: 'Active' }, { NoType: true }]);
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(BridgeError);
    expect((error as BridgeError).code).to.equal(ErrorCode.InvalidEvent);
    expect((error as BridgeError).details).to.have.length(2);
    expect(host.agentState).to.equal(undefined);
    await page.barrier();
    expect(page.envelopes()).to.have.length(1);
  });
});

describe('contact panels (docs/desktop-builders.md#lifecycle)', () => {
  it('opens a panel from the URL template for a new contact and binds its registration to that contact', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    const { host } = makeHost({ contactPanels: { container, url: `${FRAME_ORIGIN}/test/fixtures/max-frame.html?register=contact&id={ContactID}&ani={ANI}` } });
    host.dispatch([call(7, 'Incoming', { ANI: '+1 555' })]);
    const iframe = container.querySelector('iframe')!;
    expect(iframe.src).to.equal(`${FRAME_ORIGIN}/test/fixtures/max-frame.html?register=contact&id=7&ani=%2B1%20555`);
    const panel = await TestFrame.attach(iframe);
    const envelope = await panel.envelope(1);
    expect(envelope.contactId).to.equal(7);
    expect(envelope.events[0]).to.deep.equal(ack('Success', 7));
    expect(envelope.events[1]).to.include({ ContactID: 7, Status: 'Incoming' });
    host.dispatch([call(8, 'Incoming'), call(7, 'Active')]);
    await panel.envelope(2);
    expect(panel.envelopes()[1]!.events.map((e) => `${String(e['ContactID'])}:${String(e['Status'])}`)).to.deep.equal(['7:Active']);
    expect(container.querySelectorAll('iframe')).to.have.length(2);
    container.remove();
  });

  it('closes the panel when its contact ends, after posting the final event', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    const { host, record } = makeHost({ contactPanels: { container, closeDelayMs: 300, url: `${FRAME_ORIGIN}/test/fixtures/max-frame.html?register=contact` } });
    const unsubscriptions = record('unsubscription');
    host.dispatch([call(7, 'Active')]);
    const panel = await TestFrame.attach(container.querySelector('iframe')!);
    await panel.envelope(1);
    host.dispatch([ended(7)]);
    const final = await panel.envelope(2);
    expect(final.events[0]).to.include({ Status: 'Disconnected', FinalState: 'True' });
    await until(() => container.querySelector('iframe') === null, 'the panel to close after its delay');
    expect(host.subscriptions).to.deep.equal([]);
    expect(unsubscriptions.map((u) => u.cause)).to.deep.equal(['removed']);
    container.remove();
  });

  it('closes panels at once by default, and on AgentSessionEnd', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    const { host } = makeHost({ contactPanels: { container, url: (contact) => `${FRAME_ORIGIN}/test/fixtures/max-frame.html?c=${String(contact.ContactID)}` } });
    host.dispatch([call(1, 'Active'), call(2, 'Active')]);
    expect(container.querySelectorAll('iframe')).to.have.length(2);
    host.dispatch([ended(1)]);
    await until(() => container.querySelectorAll('iframe').length === 1, 'the ended contact\'s panel to close');
    expect([...container.querySelectorAll('iframe')].map((f) => f.dataset['contactId'])).to.deep.equal(['2']);
    host.dispatch([{ Type: 'AgentSessionEnd' }]);
    await until(() => container.querySelectorAll('iframe').length === 0, 'every panel to close at the session end');
    container.remove();
  });
});

describe('contact panels: the platform\'s own screen pop (platformPopUrl)', () => {
  const pop = (id: number) => `${FRAME_ORIGIN}/test/fixtures/max-frame.html?pop=${id}`;

  it('"first" frames the contact\'s ScreenPopUrl when its origin is configured, else the template', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    onCleanUp(() => container.remove());
    const { host } = makeHost({ allowedOrigins: [FRAME_ORIGIN], contactPanels: { container, platformPopUrl: 'first', url: `${FRAME_ORIGIN}/test/fixtures/max-frame.html?template={ContactID}` } });
    host.dispatch([call(1, 'Incoming', { ScreenPopUrl: pop(1) }), call(2, 'Incoming', { ScreenPopUrl: '' })]);
    expect([...container.querySelectorAll('iframe')].map((iframe) => iframe.src)).to.deep.equal([pop(1), `${FRAME_ORIGIN}/test/fixtures/max-frame.html?template=2`]);
  });

  it('refuses a screen pop whose origin is not configured (even if another frame has it), logs it once, and falls back or frames nothing', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    onCleanUp(() => container.remove());
    const stranger = `${PAGE_ORIGIN}/test/fixtures/max-frame.html?evil=1`;
    const first = makeHost({ contactPanels: { container, platformPopUrl: 'first', url: `${FRAME_ORIGIN}/test/fixtures/max-frame.html?template={ContactID}` } });
    first.host.dispatch([call(1, 'Incoming', { ScreenPopUrl: stranger }), call(2, 'Incoming', { ScreenPopUrl: stranger })]);
    expect([...container.querySelectorAll('iframe')].map((iframe) => new URL(iframe.src).search)).to.deep.equal(['?template=1', '?template=2']);
    expect(first.log.lines.filter((line) => line.message.startsWith('ccbridge [NOT_PERMITTED]: the platform\'s screen pop'))).to.have.length(1);
    first.host.dispose();
    const instead = makeHost({ allowedOrigins: [FRAME_ORIGIN], contactPanels: { container, platformPopUrl: 'instead' } });
    instead.host.dispatch([call(3, 'Incoming', { ScreenPopUrl: 'javascript:alert(1)' }), call(4, 'Incoming')]);
    expect(container.querySelectorAll('iframe')).to.have.length(0);
  });

  it('a screen pop that arrives after the contact\'s first event (XUC\'s Sheet) opens the panel then', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    onCleanUp(() => container.remove());
    const { host } = makeHost({ allowedOrigins: [FRAME_ORIGIN], contactPanels: { container, platformPopUrl: 'instead' } });
    host.dispatch([call(5, 'Incoming')]);
    expect(container.querySelectorAll('iframe')).to.have.length(0);
    host.dispatch([call(5, 'Incoming', { ScreenPopUrl: pop(5) })]);
    expect([...container.querySelectorAll('iframe')].map((iframe) => iframe.src)).to.deep.equal([pop(5)]);
    host.dispatch([call(5, 'Active', { ScreenPopUrl: pop(5) })]);
    expect(container.querySelectorAll('iframe')).to.have.length(1);
  });
});
