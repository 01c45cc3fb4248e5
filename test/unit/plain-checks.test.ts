/**
 * The checks in plain code (received.ts and rules.ts in pages, validate.ts and
 * messages.ts in hosts and sources) against the zod schemas that state the
 * same rules (events.ts, max.ts): for every value, the same verdict and the
 * same fields out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as schemas from '../../src/protocol/events.js';
import { ReceivedEvent } from '../../src/protocol/events.js';
import { ClientEventSubscriptionAcknowledge, CommandMessage, CommandResult, ContactCardData, Envelope, Extensions, RegisterForClientEvents, SessionInfo, UnregisterFromClientEvents } from '../../src/protocol/max.js';
import { parseChildMessage, readIssuer } from '../../src/protocol/messages.js';
import { parsePlatformEvent } from '../../src/protocol/validate.js';
import { readControlItem, readEnvelope } from '../../src/protocol/received.js';
import { parseReceivedEvent } from '../../src/protocol/rules.js';

const envelopes: unknown[] = [
  { issuer: 'ccbridge', contactId: null, events: [] },
  { issuer: 'ccbridge', contactId: 42, events: [{ Type: 'AgentState' }], seq: 3, extra: 'dropped' },
  { issuer: 'ccbridge', contactId: null, events: [], ccbridge: { version: 1, channel: true, results: false, other: 1 } },
  { issuer: 'ccbridge', contactId: null, events: [], ccbridge: { channel: true } },
  { issuer: 'ccbridge', contactId: null, events: [], ccbridge: 'yes' },
  { issuer: 'ccbridge', contactId: null, events: [], seq: '3' },
  { issuer: 'ccbridge', contactId: null, events: [], seq: Number.NaN },
  { issuer: 'ccbridge', contactId: Number.POSITIVE_INFINITY, events: [] },
  { issuer: 'ccbridge', contactId: '42', events: [] },
  { issuer: 'ccbridge', events: [] },
  { issuer: 1, contactId: null, events: [] },
  { issuer: 'ccbridge', contactId: null, events: {} },
  { issuer: 'ccbridge', contactId: null },
  [],
  null,
  'envelope',
  42,
];

const controls: [unknown, typeof ClientEventSubscriptionAcknowledge | typeof SessionInfo | typeof CommandResult | undefined][] = [
  [{ messageType: 'ClientEventSubscriptionAcknowledge', contactId: null, status: 'OK', reason: 'Success', x: 1 }, ClientEventSubscriptionAcknowledge],
  [{ messageType: 'ClientEventSubscriptionAcknowledge', contactId: 7, status: 'ERROR', reason: 'Invalid Contact Id' }, ClientEventSubscriptionAcknowledge],
  [{ messageType: 'ClientEventSubscriptionAcknowledge', contactId: 7, status: 'MAYBE', reason: 'Success' }, undefined],
  [{ messageType: 'ClientEventSubscriptionAcknowledge', contactId: '7', status: 'OK', reason: 'Success' }, undefined],
  [{ messageType: 'ClientEventSubscriptionAcknowledge', status: 'OK', reason: 'Success' }, undefined],
  [{ messageType: 'SessionInfo', sessionToken: 'abc' }, SessionInfo],
  [{ messageType: 'SessionInfo', sessionToken: 1 }, undefined],
  [{ messageType: 'CommandResult', requestId: 1, status: 'OK', contactId: 5, action: 'hold', refusal: null }, CommandResult],
  [{ messageType: 'CommandResult', requestId: 2, status: 'REFUSED', contactId: null, action: null, refusal: 'NOT_PERMITTED', detail: 'no' }, CommandResult],
  [{ messageType: 'CommandResult', requestId: 2, status: 'REFUSED', contactId: null, action: null, refusal: 'NOT_PERMITTED', detail: 3 }, undefined],
  [{ messageType: 'CommandResult', requestId: '2', status: 'OK', contactId: null, action: null, refusal: null }, undefined],
  [{ messageType: 'CommandResult', requestId: 2, status: 'DONE', contactId: null, action: null, refusal: null }, undefined],
  [{ messageType: 'Other' }, undefined],
  [{ Type: 'AgentState' }, undefined],
  [null, undefined],
];

const events: unknown[] = [
  { Type: 'AgentState', CurrentState: 'Available', Extra: { a: 1 } },
  { Type: 'AgentState' },
  { Type: 'AgentState', CurrentState: 3 },
  { Type: 'CallContactEvent', ContactID: 5, Status: 'Active', FinalState: 'False' },
  { Type: 'CallContactEvent', ContactID: '5', Status: 'Active' },
  { Type: 'CallContactEvent', ContactID: 0, Status: 'Active' },
  { Type: 'CallContactEvent', ContactID: 5 },
  { Type: 'CallContactEvent', ContactID: 5, Status: 7 },
  { Type: 'Indicator', N: 1 },
  { Type: '' },
  { Type: 7 },
  JSON.parse('{"Type":"Indicator","__proto__":{"polluted":true}}') as unknown,
  [],
  'event',
  null,
];

describe('a page\'s checks without zod match the schemas', () => {
  it('readEnvelope: the verdict and the fields of Envelope', () => {
    for (const value of envelopes) {
      const schema = Envelope.safeParse(value);
      const plain = readEnvelope(value);
      assert.equal(plain !== undefined, schema.success, JSON.stringify(value));
      if (schema.success) assert.deepEqual(plain, schema.data, JSON.stringify(value));
    }
  });

  it('readControlItem: exactly the three control messages, with their fields', () => {
    for (const [value, schema] of controls) {
      const plain = readControlItem(value);
      if (schema === undefined) {
        assert.equal(plain, undefined, JSON.stringify(value));
        continue;
      }
      const parsed = schema.safeParse(value);
      assert.ok(parsed.success);
      assert.deepEqual(plain, parsed.data, JSON.stringify(value));
    }
  });

  it('parseReceivedEvent: ReceivedEvent and the contact rules; every field kept but __proto__', () => {
    const verdicts = events.map((value) => parseReceivedEvent(value) !== undefined);
    assert.deepEqual(verdicts, [true, false, false, true, true, false, false, false, true, false, false, true, false, false, false]);
    for (const value of events) {
      const plain = parseReceivedEvent(value);
      if (plain === undefined) continue;
      const schema = ReceivedEvent.safeParse(value);
      assert.ok(schema.success);
      assert.deepEqual({ ...plain }, { ...schema.data });
      assert.equal(Object.getPrototypeOf(plain), Object.prototype);
      assert.equal(Object.hasOwn(plain, '__proto__'), false);
    }
  });
});

const platformEvents: unknown[] = [
  { Type: 'AgentState', CurrentState: 'Available', NextStates: [{ State: 'Available' }], IsAcw: 'False', AcwTimeout: 30, Custom: { x: 1 } },
  { Type: 'AgentState', CurrentState: 'Unavailable', CurrentOutReason: null, NextStates: null, StartTimeUTC: undefined },
  { Type: 'AgentState' },
  { Type: 'AgentState', CurrentState: 'Available', NextStates: 'x' },
  { Type: 'AgentState', CurrentState: 'Available', IsAcw: 1 },
  { Type: 'AgentState', CurrentState: 'Available', AcwTimeout: Number.NaN },
  { Type: 'CallContactEvent', ContactID: 5, Status: 'Incoming', ANI: '0601', DNIS: 3000, IsInbound: true, FinalState: 'False', Skill: null },
  { Type: 'CallContactEvent', ContactID: '5', Status: 'Active', DisconnectCode: 'AgentDisconnect' },
  { Type: 'CallContactEvent', ContactID: 5 },
  { Type: 'CallContactEvent', ContactID: 0, Status: 'Active' },
  { Type: 'CallContactEvent', ContactID: '05', Status: 'Active' },
  { Type: 'CallContactEvent', ContactID: 5.5, Status: 'Active' },
  { Type: 'CallContactEvent', ContactID: {}, Status: 'Active' },
  { Type: 'CallContactEvent', ContactID: 5, Status: 'Active', ANI: {} },
  { Type: 'TextContactEvent', ContactID: 9, Status: 'Active', FromAddr: 'a@b' },
  { Type: 'WorkItemContactEvent', ContactID: 9, Status: 'Active', WorkItemPayload: [] },
  { Type: 'Mute', AgentMuted: 'True' },
  { Type: 'Mute', AgentMuted: 3 },
  { Type: 'AgentLeg', Status: 'Dialing' },
  { Type: 'PageOpen', URL: 'https://crm.example/' },
  { Type: 'PageOpen', URL: false },
  { Type: 'AgentSessionStart', SessionId: 'x' },
  { Type: 'SomethingNew', Anything: [1, 2] },
  { Type: 'constructor' },
  { Type: '__proto__' },
  { Type: '' },
  { Type: 3 },
  JSON.parse('{"Type":"Indicator","__proto__":{"polluted":true},"N":1}') as unknown,
  [],
  null,
  'AgentState',
];

/** The schemas' verdict: the event's own schema (or OtherPlatformEvent), then the contact id rule. */
function bySchema(value: unknown): { success: boolean; data?: unknown } {
  const head = schemas.OtherPlatformEvent.safeParse(value);
  if (!head.success || head.data.Type === '') return { success: false };
  const schema = (schemas as unknown as Record<string, { safeParse: (value: unknown) => { success: boolean; data?: unknown } } | undefined>)[head.data.Type];
  const known = typeof schema?.safeParse === 'function' && head.data.Type !== 'OtherPlatformEvent' && head.data.Type !== 'ReceivedEvent' && /^[A-Z]/.test(head.data.Type);
  if (!known) return head;
  const result = schema.safeParse(value);
  if (result.success && ['CallContactEvent', 'TextContactEvent', 'WorkItemContactEvent'].includes(head.data.Type) && schemas.toContactId((result.data as { ContactID: unknown }).ContactID) === null) return { success: false };
  return result;
}

const children: unknown[] = [
  { messageType: 'RegisterForClientEvents', subscriptionTypes: ['agent'], contactId: 'x', issuer: 'crm', ccbridge: { version: 1, channel: true }, extra: 1 },
  { messageType: 'RegisterForClientEvents', subscriptionTypes: 'agent', ccbridge: { channel: true } },
  { messageType: 'RegisterForClientEvents', issuer: 'x'.repeat(300) },
  { messageType: 'UnregisterFromClientEvents', issuer: 7, contactId: 5 },
  { messageType: 'ContactCardData', contactCardData: { name: 'Ann', userImg: 'data:image/png;base64,AA', other: 1 }, contactId: 5 },
  { messageType: 'ContactCardData', contactCardData: { name: 'Ann' }, contactId: null },
  { messageType: 'ContactCardData', contactCardData: { name: '' } },
  { messageType: 'ContactCardData', contactCardData: { name: 'x'.repeat(513) } },
  { messageType: 'ContactCardData', contactCardData: { name: 'Ann', userImg: 3 } },
  { messageType: 'ContactCardData', contactCardData: 'Ann' },
  { messageType: 'ContactCardData' },
  { messageType: 'ContactCardData', contactCardData: { name: 'Ann' }, contactId: -1 },
  { messageType: 'HoldEvent', contactId: '12', ccbridge: { requestId: 3 } },
  { messageType: 'HoldEvent', contactId: 12, ccbridge: { requestId: -1 } },
  { messageType: 'HangupEvent' },
  { messageType: 'HangupEvent', contactId: 'abc' },
  { messageType: 'HangupEvent', contactId: 0 },
  { messageType: 'HangupEvent', contactId: 1.5 },
  { messageType: 'hangupevent' },
  { messageType: 'toString' },
  { type: 'webpackOk' },
  null,
];

/** The schemas' verdict for a child message, with the lenient fields read as the host reads them. */
function childBySchema(value: unknown): { success: boolean; data?: Record<string, unknown> } {
  const type = (value as { messageType?: unknown } | null)?.messageType;
  const schema =
    type === 'RegisterForClientEvents' ? RegisterForClientEvents : type === 'UnregisterFromClientEvents' ? UnregisterFromClientEvents : type === 'ContactCardData' ? ContactCardData : typeof type === 'string' && /^[A-Z][a-z]+Event$/.test(type) ? CommandMessage : undefined;
  if (schema === undefined) return { success: false };
  const result = schema.safeParse(value);
  if (!result.success) return { success: false };
  const data = { ...(result.data as Record<string, unknown>) };
  if ('issuer' in data) data['issuer'] = readIssuer(data['issuer']);
  if ('ccbridge' in data) {
    const ccbridge = data['ccbridge'] as { requestId?: unknown } | undefined;
    if (type === 'RegisterForClientEvents') {
      const extensions = Extensions.safeParse(ccbridge);
      data['ccbridge'] = extensions.success ? extensions.data : undefined;
    } else data['ccbridge'] = Number.isSafeInteger(ccbridge?.requestId) && (ccbridge?.requestId as number) >= 0 ? { requestId: ccbridge?.requestId } : undefined;
  }
  return { success: true, data };
}

describe('a host\'s checks without zod match the schemas', () => {
  it('parsePlatformEvent: the verdict of each event\'s schema, and the same fields out', () => {
    for (const value of platformEvents) {
      const schema = bySchema(value);
      const plain = parsePlatformEvent(value);
      assert.equal(plain.success, schema.success, JSON.stringify(value));
      if (plain.success) {
        assert.deepEqual({ ...plain.data }, { ...(schema.data as object) }, JSON.stringify(value));
        assert.equal(Object.getPrototypeOf(plain.data), Object.prototype);
      }
    }
    const failed = parsePlatformEvent({ Type: 'CallContactEvent', ContactID: 5, Status: 1, ANI: {} });
    assert.deepEqual(failed, { success: false, error: 'CallContactEvent: Status: expected a string; ANI: expected a string or a number' });
  });

  it('parseChildMessage: the verdict of each message\'s schema, and the same fields out', () => {
    for (const value of children) {
      const schema = childBySchema(value);
      const plain = parseChildMessage(value);
      assert.equal(plain.success, schema.success, JSON.stringify(value));
      if (plain.success) assert.deepEqual(plain.data, schema.data, JSON.stringify(value));
    }
  });
});
