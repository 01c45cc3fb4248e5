/**
 * ccbridge/testing: the test desktop page authors use, tested as they would
 * use it, with real pages on another origin: the demo's plain MAX page (no
 * ccbridge code) and the MAX test frame driven from here.
 */
import { expect } from '@open-wc/testing';
import { createTestDesktop } from '../../src/testing/index.js';
import type { TestDesktop } from '../../src/testing/index.js';
import { FRAME_ORIGIN, TestFrame, frameUrl } from '../helpers/test-frame.js';

let desktop: TestDesktop | undefined;
afterEach(() => desktop?.dispose());

describe('createTestDesktop: a real host and a scripted platform for a page\'s own tests', () => {
  it('the docs example: the plain MAX page registers, sees the call the test plays, and ends it', async () => {
    desktop = createTestDesktop();
    const page = await desktop.open(`${FRAME_ORIGIN}/demo/crm/max-page.html`);
    const registration = await desktop.waitForRegistration(page.origin);
    expect(registration.acknowledgement.status).to.equal('OK');
    expect(registration.subscriptionTypes).to.deep.equal(['all']);

    const contactId = desktop.incomingCall({ ani: '0601020304' });
    await desktop.waitFor(() => page.events.some((event) => event.Type === 'CallContactEvent' && event['ANI'] === '0601020304'), 'the call to reach the page');
    desktop.answer(contactId);
    desktop.hold(contactId);
    desktop.resume(contactId);
    desktop.hangUp(contactId);
    await desktop.waitFor(() => page.events.some((event) => event['Status'] === 'Disconnected' && event['FinalState'] === 'True'), 'the end of the call');
    expect(page.events.filter((event) => event.Type === 'CallContactEvent').map((event) => event['Status'])).to.deep.equal(['Incoming', 'Active', 'Holding', 'Active', 'Disconnected']);
    expect(desktop.contacts).to.deep.equal([]);
    expect(page.envelopes[0]!.events[0]).to.include({ messageType: 'ClientEventSubscriptionAcknowledge', status: 'OK' });
  });

  it('the page\'s commands are carried out by the scripted platform, and refusals are recorded with their reason', async () => {
    desktop = createTestDesktop({ policies: { [FRAME_ORIGIN]: { commands: ['AnswerEvent', 'HoldEvent', 'HangupEvent'] } } });
    const frame = await desktop.open(frameUrl());
    const page = await TestFrame.attachLoaded(frame.iframe);
    page.register(['all']);
    await desktop.waitForRegistration(frame.origin);
    const contactId = desktop.incomingCall();
    page.post({ messageType: 'HoldEvent' });
    page.post({ messageType: 'AnswerEvent' });
    await desktop.waitFor(() => desktop!.contacts[0]?.Status === 'Active', 'the answer');
    page.post({ messageType: 'MaskEvent' });
    page.post({ messageType: 'HoldEvent' });
    await desktop.waitFor(() => desktop!.contacts[0]?.Status === 'Holding', 'the hold');
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'Ann Smith' } });
    page.post({ messageType: 'HangupEvent', contactId });
    await desktop.waitFor(() => desktop!.contacts.length === 0, 'the hang-up');
    expect(frame.commands.map(({ messageType, action, refusal }) => [messageType, action, refusal])).to.deep.equal([
      ['HoldEvent', null, 'INVALID_IN_STATE'],
      ['AnswerEvent', 'accept', null],
      ['MaskEvent', null, 'NOT_PERMITTED'],
      ['HoldEvent', 'hold', null],
      ['HangupEvent', 'end', null],
    ]);
    expect(frame.cards.map(({ name, contactId: id }) => [name, id])).to.deep.equal([['Ann Smith', contactId]]);
    expect(frame.events.at(-2)).to.include({ Status: 'Disconnected', DisconnectCode: 'AgentDisconnect' });
    expect(frame.events.at(-1)).to.include({ Type: 'AgentState', CurrentState: 'Available' });
  });

  it('a page that registers twice is recorded once and its duplicate as a rejection; a reload registers again', async () => {
    desktop = createTestDesktop();
    const frame = await desktop.open(frameUrl());
    const page = await TestFrame.attachLoaded(frame.iframe);
    page.register(['all']);
    page.register(['all']);
    await desktop.waitForRegistration(frame.origin);
    await desktop.waitFor(() => frame.rejections.some((rejection) => rejection.refusal === 'DUPLICATE_REGISTRATION'), 'the duplicate');
    expect(frame.registrations).to.have.length(1);
    await frame.reload();
    const again = await TestFrame.attachLoaded(frame.iframe);
    again.register(['all']);
    await desktop.waitForRegistration(frame.origin);
    expect(frame.registrations).to.have.length(2);
  });

  it('contact panels open from the template for each call and close when it ends; the agent state and the token reach the pages granted them', async () => {
    desktop = createTestDesktop({ contactPanels: { url: `${FRAME_ORIGIN}/demo/crm/max-page.html?contactId={ContactID}&ani={ANI}` }, policies: { [FRAME_ORIGIN]: { sessionToken: true } } });
    desktop.setSessionToken('token-1');
    const contactId = desktop.incomingCall({ ani: '5550199' });
    const panel = desktop.page(FRAME_ORIGIN);
    const registration = await desktop.waitForRegistration(FRAME_ORIGIN);
    expect(registration).to.include({ contactId });
    desktop.setAgentState('Unavailable', 'Break');
    desktop.hangUp(contactId);
    await desktop.waitFor(() => desktop!.host.subscriptions.length === 0, 'the panel to close');
    expect(panel.events.map((event) => event['Status'] ?? event['CurrentState'])).to.include.members(['Incoming', 'Unavailable', 'Disconnected']);
  });

  it('search-and-pop and the call log: the demo CRM page pops its customer\'s record and saves the call\'s log, which the desktop records', async () => {
    desktop = createTestDesktop();
    const page = await desktop.open(`${FRAME_ORIGIN}/demo/crm/element-page.html?desktop=${encodeURIComponent(location.origin)}`);
    const registration = await desktop.waitForRegistration(page.origin);
    expect(registration.acknowledgement.status).to.equal('OK');
    const contactId = desktop.incomingCall({ ani: '+15550142000' });
    const pop = await desktop.waitFor(() => desktop!.pops[0], 'the pop');
    expect(pop).to.deep.include({ contactId, kind: 'record', url: `${FRAME_ORIGIN}/demo/crm/element-page.html?customer=C-1` });
    desktop.answer(contactId);
    desktop.hangUp(contactId);
    const log = await desktop.waitFor(() => desktop!.logs[0], 'the log');
    expect(log).to.deep.equal({ contactId, origin: FRAME_ORIGIN, logId: 'L-1' });
  });

  it('waitFor rejects with what it waited for', async () => {
    desktop = createTestDesktop({ timeoutMs: 50 });
    let error: unknown;
    try {
      await desktop.waitFor(() => false, 'something that never comes');
    } catch (caught) {
      error = caught;
    }
    expect(String(error)).to.contain('timed out after 50 ms waiting for something that never comes');
  });
});
