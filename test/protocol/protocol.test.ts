import { expect } from '@open-wc/testing';
import {
  ChildMessage,
  ContactCenterState,
  contactIdOf,
  parsePlatformEvent,
  readRegistration,
  toContactId,
} from '../../src/protocol/index.js';
import type { PlatformEvent, RegisterForClientEvents } from '../../src/protocol/index.js';
import { agentState, call, chat, ended } from '../helpers/events.js';

const register = (fields: Record<string, unknown>) =>
  readRegistration(ChildMessage.parse({ messageType: 'RegisterForClientEvents', ...fields }) as RegisterForClientEvents);

describe('protocol: readRegistration (docs/protocol.md: validation order)', () => {
  it('normalises types to lower case and de-duplicates them', () => {
    const result = register({ subscriptionTypes: ['Agent', 'AGENT', 'contacts'], contactId: '12' });
    expect(result.ok).to.equal(true);
    if (!result.ok) return;
    expect([...result.registration.subscriptionTypes]).to.deep.equal(['agent', 'contacts']);
    expect(result.registration.contactId).to.equal(12);
  });

  it('reports the contact id before the types, and lists every invalid type', () => {
    expect(register({ subscriptionTypes: [], contactId: -1 })).to.deep.include({ ok: false, reason: 'Invalid Contact Id' });
    expect(register({ subscriptionTypes: ['all', 'x', 3] })).to.deep.equal({ ok: false, reason: 'Invalid Subscription Types', invalidValues: ['x', 3] });
  });

  it('keeps a non-string issuer out instead of failing the message', () => {
    const result = register({ subscriptionTypes: ['all'], issuer: { evil: true } });
    expect(result.ok && result.registration.issuer).to.equal(undefined);
  });
});

describe('protocol: ChildMessage', () => {
  it('drops unknown keys and refuses unknown message types', () => {
    expect(ChildMessage.parse({ messageType: 'MuteEvent', extra: 1 })).to.deep.equal({ messageType: 'MuteEvent' });
    expect(ChildMessage.safeParse({ messageType: 'muteevent' }).success).to.equal(false);
    expect(ChildMessage.safeParse('{"messageType":"MuteEvent"}').success).to.equal(false);
  });
});

describe('protocol: platform events', () => {
  it('keeps unknown fields and the ContactID exactly as sent', () => {
    const result = parsePlatformEvent(call('42', 'Active', { Extra: [1] }));
    expect(result.success && result.data).to.deep.equal(call('42', 'Active', { Extra: [1] }));
  });

  it('forwards event types it does not know', () => {
    expect(parsePlatformEvent({ Type: 'SupervisorEvent', X: 1 })).to.deep.equal({ success: true, data: { Type: 'SupervisorEvent', X: 1 } });
  });

  it('names the field that is wrong', () => {
    const result = parsePlatformEvent({ Type: 'CallContactEvent', ContactID: 1 });
    expect(result.success).to.equal(false);
    expect(!result.success && result.error).to.contain('Status');
  });

  it('reads contact ids as numbers, whatever their spelling', () => {
    expect([42, '42', 0, '0', -1, 1.5, '042', 2 ** 53, null, undefined, {}].map(toContactId)).to.deep.equal([42, 42, null, null, null, null, null, null, null, null, null]);
    expect(contactIdOf(agentState('Available') as PlatformEvent)).to.equal(null);
  });
});

describe('protocol: ContactCenterState', () => {
  it('follows agent state and contacts, ending a contact at Disconnected with FinalState true', () => {
    const state = new ContactCenterState();
    const apply = (event: unknown) => state.apply((parsePlatformEvent(event) as { data: PlatformEvent }).data).kind;
    expect([
      apply(agentState('Available')),
      apply(call(1, 'Incoming')),
      apply(call('1', 'Active')),
      apply(chat(2, 'Active')),
      apply(call(1, 'Disconnected', { FinalState: false })),
      apply(ended(1)),
      apply(ended(1)),
      apply({ Type: 'Indicator' }),
    ]).to.deep.equal(['agent', 'contact-started', 'contact-updated', 'contact-started', 'contact-updated', 'contact-ended', 'none', 'none']);
    expect(state.contacts.map((contact) => contact.ContactID)).to.deep.equal([2]);
    expect(apply({ Type: 'AgentSessionEnd' })).to.equal('session-ended');
    expect(state.contacts).to.deep.equal([]);
    expect(state.agentState).to.equal(undefined);
  });
});
