import { expect } from '@open-wc/testing';
import { FRAME_ORIGIN } from '../helpers/test-frame.js';
import { ack, cleanUp, makeHost } from '../helpers/host.js';
import { agentState, call } from '../helpers/events.js';

afterEach(cleanUp);

describe('RegisterForClientEvents: acknowledgement and initial state (docs/protocol.md)', () => {
  it('puts the acknowledgement first in the first envelope, with issuer MAX and contactId null', async () => {
    const { frame } = makeHost();
    const page = await frame();
    page.register(['agent']);
    const envelope = await page.envelope(1);
    expect(envelope).to.deep.equal({ issuer: 'MAX', contactId: null, events: [ack()] });
  });

  it('"all": sends the current AgentState and every current contact after the acknowledgement', async () => {
    const { host, frame } = makeHost();
    host.dispatch([agentState('Available'), call(1, 'Active'), call(2, 'Incoming')]);
    const page = await frame();
    page.register(['all']);
    const { events } = await page.envelope(1);
    expect(events.map((e) => e['messageType'] ?? `${e['Type']}:${e['ContactID'] ?? ''}`)).to.deep.equal([
      'ClientEventSubscriptionAcknowledge',
      'AgentState:',
      'CallContactEvent:1',
      'CallContactEvent:2',
    ]);
  });

  it('"agent": sends the current AgentState only, never the session token', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: { sessionToken: true } } });
    host.dispatch([agentState('Unavailable', { CurrentOutReason: 'Lunch' }), call(1, 'Active')]);
    host.setSessionToken('secret-token');
    const page = await frame();
    page.register(['agent']);
    const { events } = await page.envelope(1);
    expect(events).to.have.length(2);
    expect(events[1]).to.include({ Type: 'AgentState', CurrentState: 'Unavailable', CurrentOutReason: 'Lunch' });
    expect(JSON.stringify(page.received)).not.to.contain('secret-token');
  });

  it('"contact": sends that contact\'s current state and binds the envelope to it', async () => {
    const { host, frame } = makeHost();
    host.dispatch([call(1, 'Active'), call(2, 'Holding')]);
    const page = await frame();
    page.register(['contact'], { contactId: 2 });
    const envelope = await page.envelope(1);
    expect(envelope.contactId).to.equal(2);
    expect(envelope.events[0]).to.deep.equal(ack('Success', 2));
    expect(envelope.events.slice(1)).to.have.length(1);
    expect(envelope.events[1]).to.include({ ContactID: 2, Status: 'Holding' });
  });

  it('"contact" for a contact that is not current: OK, and no state', async () => {
    const { frame } = makeHost();
    const page = await frame();
    page.register(['contact'], { contactId: 99 });
    expect((await page.envelope(1)).events).to.deep.equal([ack('Success', 99)]);
  });

  it('"contacts": sends every current contact', async () => {
    const { host, frame } = makeHost();
    host.dispatch([agentState('Available'), call(1, 'Active'), call(2, 'Incoming')]);
    const page = await frame();
    page.register(['contacts']);
    const { events } = await page.envelope(1);
    expect(events.slice(1).map((e) => e['ContactID'])).to.deep.equal([1, 2]);
  });

  it('"sessioninfo": sends the current SessionInfo to an origin granted the token', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: { sessionToken: true } } });
    host.setSessionToken('token-1');
    const page = await frame();
    page.register(['sessioninfo']);
    expect((await page.envelope(1)).events).to.deep.equal([ack(), { messageType: 'SessionInfo', sessionToken: 'token-1' }]);
  });

  it('normalises subscription types to lower case and adds them up', async () => {
    const { host, frame } = makeHost();
    host.dispatch([agentState('Available'), call(1, 'Active')]);
    const page = await frame();
    page.register(['AGENT', 'Contacts']);
    const { events } = await page.envelope(1);
    expect(events.map((e) => e['Type'] ?? e['messageType'])).to.deep.equal(['ClientEventSubscriptionAcknowledge', 'AgentState', 'CallContactEvent']);
    expect(host.subscriptions[0]!.subscriptionTypes).to.have.members(['agent', 'contacts']);
  });

  it('accepts a contact id sent as a numeric string and compares it as a number', async () => {
    const { host, frame } = makeHost();
    host.dispatch([call('42', 'Active')]);
    const page = await frame();
    page.register(['contact'], { contactId: '42' });
    const envelope = await page.envelope(1);
    expect(envelope.contactId).to.equal(42);
    expect(envelope.events[1]).to.include({ ContactID: '42' });
  });

  it('treats contactId null as no contact id, as workspaces often send it', async () => {
    const { frame } = makeHost();
    const page = await frame();
    page.register(['agent'], { contactId: null });
    expect((await page.envelope(1)).events[0]).to.deep.equal(ack());
  });

  it('ignores unknown extra fields', async () => {
    const { frame } = makeHost();
    const page = await frame();
    page.register(['agent'], { somethingNew: { nested: true }, version: 7 });
    expect((await page.envelope(1)).events[0]).to.deep.equal(ack());
  });

  it('reports every registration to the desktop', async () => {
    const { frame, record } = makeHost();
    const registrations = record('registration');
    const page = await frame();
    page.register(['agent'], { issuer: 'CRM' });
    await page.envelope(1);
    expect(registrations).to.have.length(1);
    expect(registrations[0]).to.include({ origin: FRAME_ORIGIN, issuer: 'CRM' });
    expect(registrations[0]!.acknowledgement.status).to.equal('OK');
  });
});

describe('RegisterForClientEvents: validation order and reasons (docs/protocol.md)', () => {
  for (const contactId of [0, -3, 1.5, 'abc', '', true, {}]) {
    it(`answers Invalid Contact Id for contactId ${JSON.stringify(contactId)}`, async () => {
      const { host, frame } = makeHost();
      const page = await frame();
      page.register(['contact'], { contactId });
      expect(await page.envelope(1)).to.deep.equal({ issuer: 'MAX', contactId: null, events: [ack('Invalid Contact Id')] });
      expect(host.subscriptions).to.deep.equal([]);
    });
  }

  it('checks the contact id before the types and reports only one reason', async () => {
    const { frame } = makeHost();
    const page = await frame();
    page.register([], { contactId: 0 });
    expect((await page.envelope(1)).events).to.deep.equal([ack('Invalid Contact Id')]);
  });

  for (const subscriptionTypes of [[], undefined, 'all', ['all', 'bogus'], ['agent', 7], [null]]) {
    it(`answers Invalid Subscription Types for ${JSON.stringify(subscriptionTypes)}`, async () => {
      const { host, frame } = makeHost();
      const page = await frame();
      page.register(subscriptionTypes);
      expect((await page.envelope(1)).events).to.deep.equal([ack('Invalid Subscription Types')]);
      expect(host.subscriptions).to.deep.equal([]);
    });
  }

  it('warns on the console, naming the invalid value', async () => {
    const { frame, log } = makeHost();
    const page = await frame();
    page.register(['agent', 'bogus']);
    await page.envelope(1);
    const warning = log.lines.find((line) => line.level === 'warn');
    expect(warning?.message).to.contain('Invalid Subscription Types');
    expect(warning?.details).to.deep.equal(['bogus']);
  });

  it('stores nothing on ERROR: the corrected registration is acknowledged as a first one', async () => {
    const { host, frame } = makeHost();
    const page = await frame();
    page.register(['bogus']);
    await page.envelope(1);
    page.register(['agent']);
    expect((await page.envelope(2)).events[0]).to.deep.equal(ack());
    expect(host.subscriptions).to.have.length(1);
  });
});

describe('a second registration without unregistering (docs/protocol.md)', () => {
  it('gets no reply, and the host logs MAX\'s warning with the issuer', async () => {
    const { host, frame, log } = makeHost();
    const page = await frame();
    page.register(['agent'], { issuer: 'CrmOne' });
    await page.envelope(1);
    page.register(['contacts'], { issuer: 'CrmOne' });
    await page.barrier();
    expect(page.envelopes()).to.have.length(1);
    // MAX's own words, behind ccbridge's code.
    expect(log.lines.map((line) => line.message).some((message) => message.startsWith('ccbridge [DUPLICATE_REGISTRATION]: Error processing Client Event Subscription. Issuer: [CrmOne] is already subscribed.'))).to.equal(true);
    expect(host.subscriptions[0]!.subscriptionTypes).to.deep.equal(['agent']);
  });

  it('works after UnregisterFromClientEvents, with other types and another contact id', async () => {
    const { host, frame } = makeHost();
    host.dispatch([call(5, 'Active')]);
    const page = await frame();
    page.register(['agent']);
    await page.envelope(1);
    page.post({ messageType: 'UnregisterFromClientEvents', issuer: 'TestPage' });
    page.register(['contact'], { contactId: 5 });
    const second = await page.envelope(2);
    expect(second.contactId).to.equal(5);
    expect(second.events.map((e) => e['messageType'] ?? e['ContactID'])).to.deep.equal(['ClientEventSubscriptionAcknowledge', 5]);
    expect(host.subscriptions.map((s) => s.contactId)).to.deep.equal([5]);
  });

  it('stops all delivery after UnregisterFromClientEvents', async () => {
    const { host, frame } = makeHost();
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    page.post({ messageType: 'UnregisterFromClientEvents' });
    await page.barrier();
    host.dispatch([agentState('Available'), call(1, 'Active')]);
    await page.barrier();
    expect(page.envelopes()).to.have.length(1);
    expect(host.subscriptions).to.deep.equal([]);
  });
});
