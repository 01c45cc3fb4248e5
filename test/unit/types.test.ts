// Types that catch typos. Each `@ts-expect-error` below is checked by
// `npm run typecheck` (tsc fails on a directive with no error under it), so a
// type that stops catching the mistake fails the build; the node:test cases
// check the values the same statements produce at run time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallContactEvent, parsePlatformEvent } from '../../src/protocol/index.js';
import type { KnownEventType, PlatformEvent, PlatformEventOfType, SubscriptionType } from '../../src/protocol/index.js';
import type { BridgeClient, BridgeClientOptions } from '../../src/client/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const holds = <T extends true>(): T | undefined => undefined;

/** Compiled only: a client's typed listeners and options. */
export function typed(client: BridgeClient): void {
  client.onEvent('CallContactEvent', (call) => {
    holds<Equal<typeof call.ANI, string | null | undefined>>();
    holds<Equal<typeof call.Status, string>>();
  });
  client.onEvent('AgentState', (state) => holds<Equal<typeof state.CurrentState, string>>());
  // @ts-expect-error a misspelt event Type does not compile
  client.onEvent('CallContactEvnt', () => {});
  // The escape hatch: a Type this version does not know, typed as any platform event.
  client.onOtherEvent('SomeFutureEvent', (event) => holds<Equal<typeof event, PlatformEvent>>());
  // @ts-expect-error an unknown client event does not compile
  client.on('contact', () => {});
  const options: BridgeClientOptions = { hostOrigin: 'https://agent.example.com', subscriptionTypes: ['all', 'contacts'] };
  // @ts-expect-error an unknown subscription type does not compile
  const wrong: BridgeClientOptions = { hostOrigin: 'https://agent.example.com', subscriptionTypes: ['everything'] };
  void options;
  void wrong;
  holds<Equal<SubscriptionType, 'all' | 'agent' | 'contact' | 'contacts' | 'sessioninfo'>>();
  holds<Equal<PlatformEventOfType<'Mute'>['Type'], 'Mute'>>();
  holds<'CallContactEvent' extends KnownEventType ? true : false>();
}

test('a numeric ANI or DNIS is read as its string, by the check and by the schema alike', () => {
  const event = { Type: 'CallContactEvent', ContactID: 5, Status: 'Incoming', ANI: 4005150001, DNIS: 8005551234, Skill: 4001, AcwTimeout: 30 };
  const checked = parsePlatformEvent(event);
  assert.ok(checked.success);
  assert.deepEqual([checked.data.ANI, checked.data['DNIS'], checked.data['Skill'], checked.data['AcwTimeout']], ['4005150001', '8005551234', '4001', 30]);
  const schema = CallContactEvent.parse(event);
  assert.deepEqual([schema.ANI, schema.DNIS, schema.Skill], ['4005150001', '8005551234', '4001']);
});

test('a text field that is neither a string nor a finite number fails the event, as before', () => {
  for (const ANI of [true, {}, [], Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.equal(parsePlatformEvent({ Type: 'CallContactEvent', ContactID: 5, Status: 'Incoming', ANI }).success, false, String(ANI));
    assert.equal(CallContactEvent.safeParse({ Type: 'CallContactEvent', ContactID: 5, Status: 'Incoming', ANI }).success, false, String(ANI));
  }
});
