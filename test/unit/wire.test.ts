/**
 * One statement of the wire: for every message kind, the check ccbridge runs
 * and the public zod schema give the same verdict and the same fields out.
 *
 * Property-based (fast-check, seeded): valid values are generated from each
 * statement itself, then one to three mutations are applied (wrong types,
 * missing and extra fields, `__proto__`, numbers past 2^53, very long
 * strings). No table of expected answers: the zod schema's verdict is the
 * reference, and a check that drifts from it fails here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Arbitrary } from 'fast-check';
import * as schemas from '../../src/protocol/index.js';
import { EventPost, readEventPost } from '../../src/protocol/aicc.js';
import * as envelope from '../../src/protocol/envelope.js';
import * as events from '../../src/protocol/events.js';
import * as max from '../../src/protocol/max.js';
import * as actions from '../../src/protocol/actions.js';
import { toZod } from '../../src/protocol/to-zod.js';
import { parse } from '../../src/protocol/shape.js';
import type { AnyShape } from '../../src/protocol/shape.js';
import { NextEventResponse, SessionStarted } from '../../src/sources/cxone/responses.js';
import { AgentStateEventBody, PhoneEventBody, SheetBody, XucMessage } from '../../src/sources/xuc/translate.js';

const SEED = 20261205;
const RUNS = 400;

// ---- Valid values, from the statements themselves ----

/** Values a generic generator rarely hits, given where a statement needs them. */
const overrides = new Map<AnyShape, Arbitrary<unknown>>([
  [events.ContactIdValue, fc.oneof(fc.integer({ min: 1 }), fc.integer({ min: 1 }).map(String), fc.constantFrom(Number.MAX_SAFE_INTEGER, String(Number.MAX_SAFE_INTEGER)))],
]);

const memo = new Map<AnyShape, Arbitrary<unknown>>();

function valid(shape: AnyShape): Arbitrary<unknown> {
  const known = overrides.get(shape) ?? memo.get(shape);
  if (known !== undefined) return known;
  const made = make(shape);
  memo.set(shape, made);
  return made;
}

const someKey = fc.constantFrom('x', 'Extra', 'Custom', 'ContactID', 'Status', 'Type', 'messageType', 'constructor', 'toString');

function make(shape: AnyShape): Arbitrary<unknown> {
  const def = shape.def;
  switch (def.kind) {
    case 'string': {
      const short = fc.string({ minLength: def.min, maxLength: Math.max(def.min, Math.min(def.max, 12)) });
      return Number.isFinite(def.max) ? fc.oneof({ weight: 9, arbitrary: short }, { weight: 1, arbitrary: fc.constant('x'.repeat(def.max)) }) : short;
    }
    case 'number':
      return def.integer ? fc.integer({ min: def.min ?? -1_000_000, max: Number.MAX_SAFE_INTEGER }) : fc.double({ noNaN: true, noDefaultInfinity: true, min: def.min ?? -1e9, max: 1e15 });
    case 'boolean':
      return fc.boolean();
    case 'unknown':
      return fc.anything({ maxDepth: 1, maxKeys: 2 });
    case 'text':
      return fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'literal':
      return fc.constantFrom(...def.values);
    case 'optional':
      return fc.option(valid(def.inner), { nil: undefined });
    case 'nullable':
      return fc.option(valid(def.inner), { nil: null });
    case 'lenient':
      return fc.oneof(valid(def.inner), fc.anything({ maxDepth: 1 }));
    case 'union':
      return fc.oneof(...def.options.map(valid));
    case 'array':
      return fc.array(valid(def.item), { maxLength: Math.min(def.max, 4) });
    case 'record':
      return fc.dictionary(fc.string({ maxLength: 6 }), valid(def.value), { maxKeys: 3 });
    case 'object': {
      const names = Object.keys(def.fields);
      const required = names.filter((name) => def.fields[name]?.optional !== true);
      const record = fc.record(Object.fromEntries(names.map((name) => [name, valid(def.fields[name] as AnyShape)])), { requiredKeys: required });
      if (!def.keep) return record;
      return fc.tuple(record, fc.dictionary(someKey, fc.anything({ maxDepth: 1 }), { maxKeys: 2 })).map(([fields, extra]) => ({ ...extra, ...fields }));
    }
    case 'refine':
      return valid(def.inner).filter((value) => (def.test as (value: unknown) => boolean)(value));
    case 'variants': {
      const options = [...new Set(Object.values(def.options))].map(valid);
      return def.other === undefined ? fc.oneof(...options) : fc.oneof(...options, valid(def.other));
    }
  }
}

// ---- Mutations ----

/** Values that break fields: wrong types, edges of numbers, long strings, prototype names. */
const weird = fc.oneof(
  fc.constantFrom<unknown>(undefined, null, '', 0, -1, 1.5, -0, 2 ** 53, 2 ** 53 + 2, '9007199254740993', '12345678901234567', '012', Number.NaN, Number.POSITIVE_INFINITY, true, 'True', 'False', [], {}, [1, 'a'], '__proto__', 'x'.repeat(600), 'x'.repeat(70_000)),
  fc.anything({ maxDepth: 2 }),
  fc.string(),
  fc.integer(),
);

type Mutation = { readonly at: number; readonly op: 'delete' | 'set' | 'add' | 'proto'; readonly key: string; readonly value: unknown };

const mutation: Arbitrary<Mutation> = fc.record({ at: fc.nat(), op: fc.constantFrom('delete', 'set', 'set', 'add', 'proto'), key: someKey, value: weird });

/** Every object inside `value` (itself first), to pick one to mutate. */
function objectsIn(value: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (typeof value === 'object' && value !== null) {
    if (!Array.isArray(value)) found.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) objectsIn(child, found);
  }
  return found;
}

function mutate(value: unknown, mutations: readonly Mutation[]): unknown {
  const copy = structuredCloneOrSame(value);
  for (const { at, op, key, value: replacement } of mutations) {
    const targets = objectsIn(copy);
    const target = targets[at % Math.max(targets.length, 1)];
    if (target === undefined) return replacement;
    const keys = Object.keys(target);
    const existing = keys[at % Math.max(keys.length, 1)] ?? key;
    if (op === 'delete') delete target[existing];
    else if (op === 'set') target[existing] = replacement;
    else if (op === 'add') target[key] = replacement;
    // An own `__proto__` field, as JSON.parse makes one.
    else Object.defineProperty(target, '__proto__', { value: { polluted: true, Type: 'AgentState' }, enumerable: true, writable: true, configurable: true });
  }
  return copy;
}

function structuredCloneOrSame(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return value;
  }
}

/** A valid value, mutated one to three times, or left valid (a fifth of the time). */
function inputs(shape: AnyShape): Arbitrary<unknown> {
  return fc.oneof({ weight: 1, arbitrary: valid(shape) }, { weight: 4, arbitrary: fc.tuple(valid(shape), fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([value, mutations]) => mutate(value, mutations)) });
}

// ---- The comparison ----

type Verdict = { readonly success: boolean; readonly data?: unknown };

interface Kind {
  readonly name: string;
  readonly statement: AnyShape;
  /** The public zod schema, or the statement's translation where there is none. */
  readonly schema: { safeParse(value: unknown): Verdict };
  /** What ccbridge runs. */
  readonly check: (value: unknown) => Verdict;
}

const byParse = (shape: AnyShape) => (value: unknown): Verdict => parse(shape, value);
const fromReader = (reader: (value: unknown) => unknown) => (value: unknown): Verdict => {
  const data = reader(value);
  return data === undefined ? { success: false } : { success: true, data };
};

const eventKinds = ['AgentSessionStart', 'AgentSessionEnd', 'RemoteAgentSessionEnd', 'Mute', 'AgentState', 'AgentLeg', 'CallContactEvent', 'TextContactEvent', 'WorkItemContactEvent', 'MchAgentSettingsChangeEvent', 'Indicator', 'PageOpen', 'OtherPlatformEvent'] as const;

const kinds: Kind[] = [
  { name: 'PlatformEvent (parsePlatformEvent)', statement: events.PlatformEvent, schema: schemas.PlatformEvent, check: (value) => events.parsePlatformEvent(value) },
  ...eventKinds.map((name) => ({ name, statement: events[name] as AnyShape, schema: schemas[name], check: byParse(events[name] as AnyShape) })),
  { name: 'ChildMessage (parseChildMessage)', statement: max.ChildMessage, schema: schemas.ChildMessage, check: (value) => max.parseChildMessage(value) },
  { name: 'ActionMessage (parseActionMessage)', statement: actions.ActionMessage, schema: schemas.ActionMessage, check: (value) => actions.parseActionMessage(value) },
  { name: 'ServiceAnswer', statement: actions.ServiceAnswer, schema: toZod(actions.ServiceAnswer), check: byParse(actions.ServiceAnswer) },
  { name: 'SaveCallLog', statement: actions.SaveCallLog, schema: schemas.SaveCallLog, check: byParse(actions.SaveCallLog) },
  { name: 'SearchContact', statement: actions.SearchContact, schema: schemas.SearchContact, check: byParse(actions.SearchContact) },
  { name: 'AgentStateOptions', statement: actions.AgentStateOptions, schema: schemas.AgentStateOptions, check: byParse(actions.AgentStateOptions) },
  { name: 'WrapUpOptions', statement: actions.WrapUpOptions, schema: schemas.WrapUpOptions, check: byParse(actions.WrapUpOptions) },
  { name: 'RegisterForClientEvents', statement: max.RegisterForClientEvents, schema: schemas.RegisterForClientEvents, check: byParse(max.RegisterForClientEvents) },
  { name: 'UnregisterFromClientEvents', statement: max.UnregisterFromClientEvents, schema: schemas.UnregisterFromClientEvents, check: byParse(max.UnregisterFromClientEvents) },
  { name: 'ContactCardData', statement: max.ContactCardData, schema: schemas.ContactCardData, check: byParse(max.ContactCardData) },
  { name: 'CommandMessage', statement: max.CommandMessage, schema: schemas.CommandMessage, check: byParse(max.CommandMessage) },
  { name: 'Envelope (readEnvelope)', statement: envelope.Envelope, schema: schemas.Envelope, check: fromReader(envelope.readEnvelope) },
  { name: 'ControlItem (readControlItem)', statement: envelope.ControlItem, schema: schemas.ControlItem, check: fromReader(envelope.readControlItem) },
  { name: 'ClientEventSubscriptionAcknowledge', statement: envelope.ClientEventSubscriptionAcknowledge, schema: schemas.ClientEventSubscriptionAcknowledge, check: byParse(envelope.ClientEventSubscriptionAcknowledge) },
  { name: 'SessionInfo', statement: envelope.SessionInfo, schema: schemas.SessionInfo, check: byParse(envelope.SessionInfo) },
  { name: 'CommandResult', statement: envelope.CommandResult, schema: schemas.CommandResult, check: byParse(envelope.CommandResult) },
  { name: 'Extensions (readExtensions)', statement: envelope.Extensions, schema: schemas.Extensions, check: fromReader(envelope.readExtensions) },
  { name: 'ReceivedEvent (parseReceivedEvent)', statement: envelope.ReceivedEvent, schema: schemas.ReceivedEvent, check: fromReader(envelope.parseReceivedEvent) },
  { name: 'AICC EventPost (readEventPost)', statement: EventPost, schema: toZod(EventPost), check: (value) => {
    const read = readEventPost(value);
    return read !== undefined && 'post' in read ? { success: true, data: read.post } : { success: false };
  } },
  { name: 'CXone SessionStarted', statement: SessionStarted, schema: toZod(SessionStarted), check: byParse(SessionStarted) },
  { name: 'CXone NextEventResponse', statement: NextEventResponse, schema: toZod(NextEventResponse), check: byParse(NextEventResponse) },
  { name: 'XUC message', statement: XucMessage, schema: toZod(XucMessage), check: byParse(XucMessage) },
  { name: 'XUC AgentStateEvent', statement: AgentStateEventBody, schema: toZod(AgentStateEventBody), check: byParse(AgentStateEventBody) },
  { name: 'XUC PhoneEvent', statement: PhoneEventBody, schema: toZod(PhoneEventBody), check: byParse(PhoneEventBody) },
  { name: 'XUC Sheet', statement: SheetBody, schema: toZod(SheetBody), check: byParse(SheetBody) },
];

/** A received event is generated from both statements: a page's looser one, and the platform's. */
const inputsFor = (kind: Kind): Arbitrary<unknown> => (kind.statement === envelope.ReceivedEvent ? fc.oneof(inputs(envelope.ReceivedEvent), inputs(events.PlatformEvent)) : inputs(kind.statement));

describe('the wire, stated once: every check gives its schema\'s verdict and fields', () => {
  for (const kind of kinds) {
    it(kind.name, () => {
      let accepted = 0;
      let refused = 0;
      fc.assert(
        fc.property(inputsFor(kind), (value) => {
          const expected = kind.schema.safeParse(value);
          const actual = kind.check(value);
          assert.equal(actual.success, expected.success, 'verdict');
          if (expected.success) {
            accepted += 1;
            assert.deepStrictEqual(actual.data, expected.data, 'fields out');
            assert.equal(Object.hasOwn(actual.data as object, '__proto__'), false, 'no own __proto__');
          } else refused += 1;
        }),
        { seed: SEED, numRuns: RUNS },
      );
      // A generator that only ever produced one verdict would test nothing.
      assert.ok(accepted > RUNS / 20 && refused > RUNS / 20, `both verdicts seen (${accepted} accepted, ${refused} refused)`);
    });
  }
});

describe('the statements the issue named, where the three statements used to disagree', () => {
  it('a contact event with no Status is refused by the page\'s check and by ReceivedEvent alike', () => {
    const value = { Type: 'WorkItemContactEvent', ContactID: 1003, FinalState: 'True' };
    assert.equal(envelope.parseReceivedEvent(value), undefined);
    assert.equal(schemas.ReceivedEvent.safeParse(value).success, false);
  });
  it('an empty Type is refused by both', () => {
    assert.equal(envelope.parseReceivedEvent({ Type: '', SessionId: 'x' }), undefined);
    assert.equal(schemas.ReceivedEvent.safeParse({ Type: '', SessionId: 'x' }).success, false);
  });
  it('an acknowledgement\'s and a CommandResult\'s status are OK/ERROR and OK/REFUSED in the schemas too', () => {
    assert.equal(schemas.ClientEventSubscriptionAcknowledge.safeParse({ messageType: 'ClientEventSubscriptionAcknowledge', contactId: null, status: 'MAYBE', reason: 'Success' }).success, false);
    assert.equal(schemas.CommandResult.safeParse({ messageType: 'CommandResult', requestId: 1, status: 'DONE', contactId: null, action: null, refusal: null }).success, false);
  });
  it('a contact id string past 2^53 is no id, on a command as in an event', () => {
    assert.equal(max.parseChildMessage({ messageType: 'HoldEvent', contactId: '9007199254740993' }).success, false);
    assert.equal(events.parsePlatformEvent({ Type: 'CallContactEvent', ContactID: '9007199254740993', Status: 'Active' }).success, false);
  });
});
