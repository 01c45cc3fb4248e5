import { expect, fixture, oneEvent } from '@open-wc/testing';
import '../../src/client/element/index.js';
import type { CcbridgeClientElement } from '../../src/client/element/index.js';
import { ErrorCode } from '../../src/client/index.js';
import { agentState, call, chat } from '../helpers/events.js';
import { cleanUp } from '../helpers/host.js';
import { dispatch, hostFrame, until } from '../helpers/client.js';
import { FRAME_ORIGIN, TestFrame } from '../helpers/test-frame.js';

afterEach(cleanUp);

/**
 * Mounts a `<ccbridge-client>` aimed at `target`. The window is set as a
 * property after creation: binding a cross-origin Window in a static `html`
 * template makes lit read a property of it, which the browser forbids.
 */
async function mount(target: Window, attributes: Record<string, string> = {}, children = ''): Promise<CcbridgeClientElement> {
  const el = document.createElement('ccbridge-client');
  el.target = target;
  el.setAttribute('host-origin', FRAME_ORIGIN);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.innerHTML = children;
  return fixture<CcbridgeClientElement>(el);
}

async function element(desktop: TestFrame, children = ''): Promise<CcbridgeClientElement> {
  const acknowledged = new Promise((resolve) => document.addEventListener('ccbridge-acknowledge', resolve, { once: true }));
  const el = await mount(desktop.iframe.contentWindow!, {}, children);
  await acknowledged;
  return el;
}

const shadow = (el: CcbridgeClientElement) => el.shadowRoot!;
const buttons = (el: CcbridgeClientElement, contactId: number) =>
  [...shadow(el).querySelectorAll<HTMLButtonElement>(`[data-contact-id="${contactId}"] button`)];
const enabled = (el: CcbridgeClientElement, contactId: number) => buttons(el, contactId).filter((b) => !b.disabled).map((b) => b.textContent!.trim());

async function rendered(el: CcbridgeClientElement, predicate: () => boolean, what: string) {
  await until(predicate, what);
  await el.updateComplete;
}

describe('<ccbridge-client>: a page sees its rights', () => {
  it('disables and labels the commands its origin is not granted; the ones it is granted work by state', async () => {
    const desktop = await hostFrame('commands=HoldEvent,HangupEvent');
    dispatch(desktop, [call(9, 'Active')]);
    const el = await element(desktop);
    await rendered(el, () => buttons(el, 9).length > 0, 'the call');
    expect(enabled(el, 9)).to.deep.equal(['Hold', 'Hang up']);
    const answer = buttons(el, 9).find((button) => button.dataset['command'] === 'MuteEvent')!;
    expect(answer.dataset['permitted']).to.equal('false');
    expect(answer.title).to.contain('not permitted for this page');
    expect(buttons(el, 9).find((button) => button.dataset['command'] === 'HoldEvent')!.dataset['permitted']).to.equal('true');
  });
});

describe('<ccbridge-client>: rendering', () => {
  it('shows the agent state and each current contact with its status and elapsed time', async () => {
    const desktop = await hostFrame();
    dispatch(desktop, [agentState('Unavailable', { CurrentOutReason: 'Lunch' }), call(7, 'Active', { ANI: '5550101', StartTimeUTC: new Date(Date.now() - 65_000).toISOString() }), chat(8, 'Active')]);
    const el = await element(desktop);
    await rendered(el, () => shadow(el).querySelectorAll('[part~="contact"]').length === 2, 'two contacts');
    expect(shadow(el).querySelector('[part~="agent-state"]')!.textContent).to.equal('Unavailable (Lunch)');
    dispatch(desktop, [agentState('Unavailable', { IsAcw: 'True', AcwTimeout: 30 })]);
    await until(() => shadow(el).querySelector('[part~="agent-state"]')!.textContent === 'After-call work', 'after-call work by its name');
    const first = shadow(el).querySelector('[data-contact-id="7"]')!;
    expect(first.querySelector('[part~="contact-status"]')!.textContent).to.equal('Active');
    expect(first.textContent).to.contain('Call 5550101');
    expect(first.querySelector('[part~="contact-elapsed"]')!.textContent).to.match(/^1:0\d$/);
    expect(shadow(el).querySelector('[data-contact-id="8"]')!.textContent).to.contain('Chat');
  });

  it('keeps a compact log of the latest events, newest first', async () => {
    const desktop = await hostFrame();
    const el = await element(desktop);
    el.logSize = 2;
    dispatch(desktop, [agentState('Available'), call(1, 'Incoming'), call(1, 'Active')]);
    await rendered(el, () => shadow(el).querySelectorAll('[part~="log"] li').length === 2, 'the log');
    expect([...shadow(el).querySelectorAll('[part~="log"] li')].map((li) => li.textContent!.replace(/^\S+ (AM |PM )?/, ''))).to.deep.equal(['CallContactEvent 1 Active', 'CallContactEvent 1 Incoming']);
  });

  it('says so when there is no contact', async () => {
    const desktop = await hostFrame();
    const el = await element(desktop);
    expect(shadow(el).querySelector('[part~="empty"]')!.textContent).to.equal('No current contacts');
  });

  it('fills its slots', async () => {
    const desktop = await hostFrame();
    const el = await element(desktop, '<b slot="header">My CRM</b><p>extra</p><small slot="footer">v1</small>');
    const assigned = (name: string) => shadow(el).querySelector<HTMLSlotElement>(name === '' ? 'slot:not([name])' : `slot[name="${name}"]`)!.assignedElements().map((e) => e.textContent);
    expect(assigned('header')).to.deep.equal(['My CRM']);
    expect(assigned('')).to.deep.equal(['extra']);
    expect(assigned('footer')).to.deep.equal(['v1']);
  });

  it('is accessible: every button has a name that says what and for whom', async () => {
    const desktop = await hostFrame();
    dispatch(desktop, [call(7, 'Active', { ANI: '5550101' })]);
    const el = await element(desktop);
    await rendered(el, () => buttons(el, 7).length === 7, 'the buttons');
    expect(buttons(el, 7).map((b) => b.getAttribute('aria-label'))).to.deep.equal([
      'Answer Call 5550101', 'Refuse Call 5550101', 'Hold Call 5550101', 'Mute Call 5550101', 'Mask Call 5550101', 'Record Call 5550101', 'Hang up Call 5550101',
    ]);
    await expect(el).to.be.accessible();
  });
});

describe('<ccbridge-client>: command buttons follow the contact\'s state', () => {
  it('enables only the commands valid now, relabels toggles, and sends them on click', async () => {
    const desktop = await hostFrame();
    dispatch(desktop, [call(7, 'Incoming')]);
    const el = await element(desktop);
    await rendered(el, () => buttons(el, 7).length === 7, 'the buttons');
    expect(enabled(el, 7)).to.deep.equal(['Answer', 'Refuse']);
    buttons(el, 7)[0]!.click();
    await desktop.until(() => desktop.reportsOf('command').length === 1, 'the answer');
    dispatch(desktop, [call(7, 'Active')]);
    await rendered(el, () => !buttons(el, 7)[2]!.disabled, 'the update');
    expect(enabled(el, 7)).to.deep.equal(['Hold', 'Mute', 'Mask', 'Record', 'Hang up']);
    buttons(el, 7)[2]!.click();
    await desktop.until(() => desktop.reportsOf('command').length === 2, 'the hold');
    dispatch(desktop, [call(7, 'Holding')]);
    await rendered(el, () => buttons(el, 7)[2]!.textContent!.trim() === 'Resume', 'the relabel');
    expect(enabled(el, 7)).to.deep.equal(['Resume', 'Mute', 'Record', 'Hang up']);
    buttons(el, 7)[3]!.click();
    await rendered(el, () => buttons(el, 7)[3]!.textContent!.trim() === 'Unmute', 'the mute confirmation');
    await desktop.until(() => desktop.reportsOf('command').length === 3, 'the controller reports');
    expect(desktop.reportsOf('command').map((c) => c['action'])).to.deep.equal(['accept', 'hold', 'mute']);
  });

  it('mute is the agent\'s: the platform\'s Mute event relabels every call\'s Mute button', async () => {
    const desktop = await hostFrame();
    dispatch(desktop, [call(7, 'Active'), call(8, 'Active', { ANI: '5550108' })]);
    const el = await element(desktop);
    await rendered(el, () => buttons(el, 7).length === 7 && buttons(el, 8).length === 7, 'the buttons');
    dispatch(desktop, [{ Type: 'Mute', AgentMuted: 'True' }]);
    await rendered(el, () => buttons(el, 7)[3]!.textContent!.trim() === 'Unmute' && buttons(el, 8)[3]!.textContent!.trim() === 'Unmute', 'both calls muted');
    dispatch(desktop, [{ Type: 'Mute', AgentMuted: 'False' }]);
    await rendered(el, () => buttons(el, 7)[3]!.textContent!.trim() === 'Mute' && buttons(el, 8)[3]!.textContent!.trim() === 'Mute', 'both calls unmuted');
  });

  it('disables everything for a contact that ended', async () => {
    const desktop = await hostFrame();
    dispatch(desktop, [call(7, 'Active')]);
    const el = await element(desktop);
    await rendered(el, () => buttons(el, 7).length === 7, 'the buttons');
    dispatch(desktop, [call(7, 'Disconnected', { FinalState: 'True' })]);
    await rendered(el, () => buttons(el, 7).length === 0, 'the contact to go');
  });
});

describe('<ccbridge-client>: DOM events', () => {
  it('fires acknowledge, events and statechange, bubbling out of the shadow root', async () => {
    const desktop = await hostFrame();
    const el = await element(desktop);
    setTimeout(() => dispatch(desktop, [call(1, 'Incoming')]));
    const [batch, change] = await Promise.all([oneEvent(document, 'ccbridge-events'), oneEvent(el, 'ccbridge-statechange')]);
    expect((batch as CustomEvent).detail.events[0]).to.include({ ContactID: 1 });
    expect((change as CustomEvent).detail.contacts).to.have.length(1);
  });

  it('fires ccbridge-error with REGISTRATION_REJECTED on an ERROR acknowledgement', async () => {
    // The host's default policy grants everything but the session token.
    const desktop = await hostFrame();
    const el = await mount(desktop.iframe.contentWindow!, { 'subscription-types': 'sessioninfo' });
    const { detail } = (await oneEvent(el, 'ccbridge-error')) as CustomEvent;
    expect(detail.error.code).to.equal(ErrorCode.RegistrationRejected);
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="error"]')!.textContent).to.contain('Subscription Type Not Permitted');
  });

  it('fires ccbridge-error with INVALID_OPTION for an unknown subscription type, before anything is sent', async () => {
    const desktop = await hostFrame();
    const el = await mount(desktop.iframe.contentWindow!, { 'subscription-types': 'bogus' });
    const { detail } = (await oneEvent(el, 'ccbridge-error')) as CustomEvent;
    expect(detail.error.code).to.equal(ErrorCode.InvalidOption);
    expect(detail.error.message).to.contain('unknown subscription type "bogus"');
  });

  it('fires ccbridge-error with REGISTRATION_TIMEOUT when the desktop does not answer', async () => {
    const silent = await TestFrame.open(`${FRAME_ORIGIN}/test/fixtures/max-frame.html`);
    const el = await mount(silent.iframe.contentWindow!, { 'timeout-ms': '200' });
    const { detail } = (await oneEvent(el, 'ccbridge-error')) as CustomEvent;
    expect(detail.error.code).to.equal(ErrorCode.RegistrationTimeout);
    silent.iframe.remove();
  });

  it('fires ccbridge-error with INVALID_OPTION for a host origin that is not an origin', async () => {
    const el = document.createElement('ccbridge-client');
    const error = oneEvent(el, 'ccbridge-error');
    el.setAttribute('host-origin', 'https://agent.example.com/');
    document.body.append(el);
    expect(((await error) as CustomEvent).detail.error.code).to.equal(ErrorCode.InvalidOption);
    el.remove();
  });
});

describe('<ccbridge-client>: events a page listens to', () => {
  it('a bad host-origin error reaches a listener added after the element was made and updated', async () => {
    // As a page's next <script> would: the parser made the element, its first
    // update ran in a microtask, and only then does the page listen.
    const container = document.createElement('div');
    document.body.append(container);
    container.innerHTML = '<ccbridge-client host-origin="agent.example.com"></ccbridge-client>';
    const el = container.querySelector('ccbridge-client')!;
    await el.updateComplete;
    const codes: string[] = [];
    el.addEventListener('ccbridge-error', (event) => codes.push(event.detail.error.code));
    await until(() => codes.length > 0, 'the ccbridge-error event');
    expect(codes).to.deep.equal([ErrorCode.InvalidOption]);
    expect(el.shadowRoot!.querySelector('[part=error]')?.textContent).to.contain('agent.example.com');
    container.remove();
  });

  it('types each event with its detail (HTMLElementEventMap)', async () => {
    const desktop = await hostFrame();
    const el = document.createElement('ccbridge-client');
    // These lines are the test as much as the assertions: they must type-check
    // (npm run typecheck) without casts.
    const seen: string[] = [];
    el.addEventListener('ccbridge-acknowledge', (event) => seen.push(`ack ${event.detail.status}`));
    el.addEventListener('ccbridge-statechange', (event) => seen.push(`contacts ${event.detail.contacts.length}`));
    el.addEventListener('ccbridge-events', (event) => seen.push(`events ${event.detail.events.map((e) => e.Type).join()}`));
    el.addEventListener('ccbridge-error', (event) => seen.push(`error ${event.detail.error.code}`));
    // @ts-expect-error: the acknowledgement has no `contacts`.
    el.addEventListener('ccbridge-acknowledge', (event) => event.detail.contacts);
    el.target = desktop.iframe.contentWindow!;
    el.setAttribute('host-origin', FRAME_ORIGIN);
    await fixture(el);
    await until(() => seen.includes('ack OK'), 'the acknowledgement', 5000, { seen: () => seen.join('; ') });
    dispatch(desktop, [agentState('Available')]);
    await until(() => seen.includes('events AgentState'), 'the AgentState batch', 5000, { seen: () => seen.join('; ') });
    expect(seen).to.include('contacts 0');
  });
});

describe('<ccbridge-client>: attributes and lifecycle', () => {
  it('registers with subscription-types, contact-id and issuer from its attributes', async () => {
    const desktop = await hostFrame();
    const el = await mount(desktop.iframe.contentWindow!, { 'subscription-types': 'agent, Contact', 'contact-id': '42', issuer: 'MyCRM' });
    const { detail } = (await oneEvent(el, 'ccbridge-acknowledge')) as CustomEvent;
    expect(detail).to.include({ status: 'OK', contactId: 42 });
    expect(el.subscriptionTypes).to.deep.equal(['agent', 'Contact']);
    await desktop.until(() => desktop.reportsOf('registration').length === 1, 'the registration report');
    expect(desktop.reportsOf('registration')[0]!['subscriptionTypes']).to.deep.equal(['agent', 'contact']);
  });

  it('re-registers when an attribute changes and unregisters when removed from the page', async () => {
    const desktop = await hostFrame();
    const el = await element(desktop);
    el.setAttribute('subscription-types', 'agent');
    await oneEvent(el, 'ccbridge-acknowledge');
    // The host frame's report travels separately from the acknowledgement.
    await desktop.until(() => desktop.reportsOf('registration').length === 2, 'the second registration report');
    expect(desktop.reportsOf('registration').map((r) => r['subscriptionTypes'])).to.deep.equal([['all'], ['agent']]);
    el.remove();
    await desktop.until(() => desktop.reportsOf('unsubscription').length === 2, 'the unregistration');
    expect(desktop.reportsOf('unsubscription').map((u) => u['cause'])).to.deep.equal(['unregistered', 'unregistered']);
  });
});

describe('<ccbridge-client click-to-dial> (docs/page-authors.md#actions-beyond-max)', () => {
  /** A `tel:` link in the page (light DOM, outside the element) and its click. */
  function telLink(href: string): { link: HTMLAnchorElement; click: () => boolean } {
    const link = document.createElement('a');
    link.href = href;
    link.textContent = 'call';
    document.body.append(link);
    onCleanUpLink(link);
    // dispatchEvent returns false when a listener prevented the default (the system's phone handler).
    return { link, click: () => link.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })) };
  }
  const links: HTMLAnchorElement[] = [];
  const onCleanUpLink = (link: HTMLAnchorElement) => links.push(link);
  afterEach(() => links.splice(0).forEach((link) => link.remove()));

  it('a tel: link asks the desktop to dial it, and the element reports the result (ccbridge-dial)', async () => {
    const desktop = await hostFrame('actions=Dial');
    const acknowledged = new Promise((resolve) => document.addEventListener('ccbridge-acknowledge', resolve, { once: true }));
    const el = await mount(desktop.iframe.contentWindow!, { 'click-to-dial': '' });
    await acknowledged;
    const dialled = oneEvent(el, 'ccbridge-dial');
    expect(telLink('tel:+1-555-014-2000;ext=12').click(), 'the system handler is not opened').to.equal(false);
    const { detail } = await dialled;
    expect(detail.phoneNumber).to.equal('+1-555-014-2000');
    expect(detail.result).to.deep.include({ status: 'OK', action: 'dial' });
    await until(() => desktop.reportsOf('action').length === 1, 'the dial at the controller');
    expect(desktop.reportsOf('action')[0]!['request']).to.deep.equal({ action: 'dial', phoneNumber: '+15550142000' });
  });

  it('leaves tel: links alone when the attribute is off, and when the desktop does not grant Dial', async () => {
    const granted = await hostFrame('actions=Dial');
    await element(granted);
    expect(telLink('tel:5550142').click(), 'off: the link acts as usual').to.equal(true);
    const refused = await hostFrame();
    const acknowledged = new Promise((resolve) => document.addEventListener('ccbridge-acknowledge', resolve, { once: true }));
    await mount(refused.iframe.contentWindow!, { 'click-to-dial': '' });
    await acknowledged;
    expect(telLink('tel:5550142').click(), 'not granted: the link acts as usual').to.equal(true);
    expect([...granted.reportsOf('action'), ...refused.reportsOf('action')]).to.deep.equal([]);
  });
});

describe('<ccbridge-client> serve (docs/page-authors.md#search-and-pop-and-the-call-log)', () => {
  it('passes the page\'s search handler to its client: the desktop asks it about a new call and pops its match', async () => {
    const desktop = await hostFrame('actions=Search');
    const el = document.createElement('ccbridge-client');
    el.target = desktop.iframe.contentWindow!;
    el.serve = { search: () => ({ matches: [{ id: 'C-1', label: 'Ann', url: '/c/1' }] }) };
    el.setAttribute('host-origin', FRAME_ORIGIN);
    const acknowledged = new Promise((resolve) => document.addEventListener('ccbridge-acknowledge', resolve, { once: true }));
    await fixture(el);
    await acknowledged;
    expect(el.client?.serves).to.deep.equal(['Search']);
    dispatch(desktop, [call(7, 'Incoming')]);
    await until(() => desktop.reportsOf('screenPop').length === 1, 'the pop');
    expect(desktop.reportsOf('screenPop')[0]).to.deep.include({ pop: 'record', contactId: 7 });
  });
});

describe('<ccbridge-client> platform lists (docs/page-authors.md#actions-beyond-max)', () => {
  it('fires the unavailable reasons once SetAgentState is granted, and the skill\'s dispositions and tags when wrap-up starts', async () => {
    const desktop = await hostFrame('actions=SetAgentState,EndWrapUp');
    const reasons = new Promise<CustomEvent>((resolve) => document.addEventListener('ccbridge-agent-state-options', (event) => resolve(event as CustomEvent), { once: true }));
    const el = await mount(desktop.iframe.contentWindow!);
    expect((await reasons).detail).to.deep.equal({ reasons: [{ reason: 'Break' }, { reason: 'Lunch' }] });
    const lists = oneEvent(el, 'ccbridge-wrap-up-options');
    dispatch(desktop, [call(7, 'Active'), call(7, 'Disconnected', { FinalState: 'True' }), agentState('Unavailable', { IsAcw: 'True' })]);
    expect((await lists).detail).to.deep.equal({ skill: '4001', dispositions: [{ dispositionId: 101, dispositionName: 'Sale' }], tags: [{ tagId: 201, tagName: 'VIP' }] });
  });
});
