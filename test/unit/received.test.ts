/**
 * A page's checks in plain code (received.ts, rules.ts) against the zod
 * schemas that state the same rules (max.ts, events.ts): for every value,
 * the same verdict and the same fields out.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceivedEvent } from '../../src/protocol/events.js';
import { ClientEventSubscriptionAcknowledge, CommandResult, Envelope, SessionInfo } from '../../src/protocol/max.js';
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
