import { expect } from '@open-wc/testing';
import { BridgeHost } from '../../src/host/index.js';
import { aiccDialect } from '../../src/host/aicc.js';
import { BridgeError, ErrorCode } from '../../src/protocol/index.js';
import type { PlatformEvent } from '../../src/protocol/index.js';
import { FRAME_ORIGIN, TestFrame, frameUrl, recordingLogger } from '../helpers/test-frame.js';
import { ack, cleanUp, makeHost, onCleanUp } from '../helpers/host.js';
import { agentState, call } from '../helpers/events.js';

afterEach(cleanUp);

async function strayFrame(query = '', attributes: Record<string, string> = {}): Promise<TestFrame> {
  const iframe = document.createElement('iframe');
  for (const [name, value] of Object.entries(attributes)) iframe.setAttribute(name, value);
  iframe.src = frameUrl(query);
  document.body.append(iframe);
  onCleanUp(() => iframe.remove());
  return TestFrame.attach(iframe);
}

describe('origin allow-list (docs/desktop-builders.md#security-model)', () => {
  it('ignores a frame whose origin is not allowed: no reply, nothing stored', async () => {
    const { host, record } = makeHost();
    const rejections = record('rejection');
    host.dispatch([agentState('Available')]);
    const page = await strayFrame();
    page.register(['all']);
    page.post({ messageType: 'HoldEvent' });
    await page.until(() => rejections.length === 2, 'the rejections');
    // The barrier's own sentinel is refused too (a third ORIGIN_NOT_ALLOWED).
    await page.barrier();
    expect(page.received).to.deep.equal([]);
    expect(host.subscriptions).to.deep.equal([]);
    expect(rejections.map((r) => r.refusal)).to.deep.equal(['ORIGIN_NOT_ALLOWED', 'ORIGIN_NOT_ALLOWED', 'ORIGIN_NOT_ALLOWED']);
  });

  it('hears a frame it did not create when its origin is listed exactly', async () => {
    makeHost({ allowedOrigins: [FRAME_ORIGIN] });
    const page = await strayFrame();
    page.register(['agent']);
    expect((await page.envelope(1)).events[0]).to.deep.equal(ack());
  });

  it('compares origins exactly: another port of the same host is not the same origin', async () => {
    const { record } = makeHost({ allowedOrigins: [`http://127.0.0.1:${Number(location.port) + 1}`] });
    const rejections = record('rejection');
    const page = await strayFrame();
    page.register(['agent']);
    await page.until(() => rejections.length === 1, 'the rejection');
    expect(page.received).to.deep.equal([]);
  });

  for (const bad of ['https://crm.example.com/', 'crm.example.com', '*', 'https://crm.example.com/path']) {
    it(`refuses to start with an allowed origin spelled "${bad}"`, () => {
      let error: unknown;
      try {
        new BridgeHost({ allowedOrigins: [bad] }).dispose();
      } catch (caught) {
        error = caught;
      }
      expect((error as BridgeError).code).to.equal(ErrorCode.InvalidOption);
    });
  }

  it('ignores opaque-origin (sandboxed) frames unless the deployment opts in', async () => {
    const { host, record } = makeHost({ allowedOrigins: [FRAME_ORIGIN] });
    const rejections = record('rejection');
    const sandboxed = await strayFrame('', { sandbox: 'allow-scripts' });
    sandboxed.register(['agent']);
    await sandboxed.until(() => rejections.length === 1, 'the rejection');
    expect(rejections[0]!.origin).to.equal('null');
    expect(host.subscriptions).to.deep.equal([]);
  });

  it('answers an opaque origin (a frame it adopted) with "*" only when allowOpaqueOrigins is set', async () => {
    const { host } = makeHost({ allowOpaqueOrigins: true });
    const iframe = document.createElement('iframe');
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.src = frameUrl();
    host.adoptFrame(iframe);
    document.body.append(iframe);
    onCleanUp(() => iframe.remove());
    const sandboxed = await TestFrame.attach(iframe);
    sandboxed.register(['agent']);
    expect((await sandboxed.envelope(1)).events[0]).to.deep.equal(ack());
    expect(host.subscriptions[0]!.origin).to.equal('null');
  });
});

describe('the session token goes only to origins granted it (docs/desktop-builders.md#security-model)', () => {
  it('withholds SessionInfo from an "all" subscriber that is not granted the token', async () => {
    const { host, frame } = makeHost();
    host.setSessionToken('secret-1');
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    host.setSessionToken('secret-2');
    host.dispatch([agentState('Available')]);
    await page.envelope(2);
    await page.barrier();
    expect(JSON.stringify(page.received)).not.to.contain('secret');
  });

  it('refuses an explicit "sessioninfo" registration with Subscription Type Not Permitted', async () => {
    const { host, frame, log } = makeHost();
    host.setSessionToken('secret-1');
    const page = await frame();
    page.register(['agent', 'sessioninfo']);
    expect((await page.envelope(1)).events).to.deep.equal([ack('Subscription Type Not Permitted')]);
    expect(host.subscriptions).to.deep.equal([]);
    expect(log.lines.some((line) => line.message.includes('sessionToken: true'))).to.equal(true);
  });

  it('gives the token to "all" subscribers of a granted origin', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: { sessionToken: true } } });
    host.setSessionToken('granted');
    const page = await frame();
    page.register(['all']);
    expect((await page.envelope(1)).events).to.deep.include({ messageType: 'SessionInfo', sessionToken: 'granted' });
  });
});

describe('per-origin policy (docs/desktop-builders.md#security-model)', () => {
  it('refuses subscription types the policy does not grant', async () => {
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: { subscriptionTypes: ['contact'] } } });
    const page = await frame();
    page.register(['all']);
    expect((await page.envelope(1)).events).to.deep.equal([ack('Subscription Type Not Permitted')]);
    page.register(['contact'], { contactId: 5 });
    expect((await page.envelope(2)).events).to.deep.equal([ack('Success', 5)]);
    expect(host.subscriptions).to.have.length(1);
  });

  it('never sends events the policy filters out, live or in the initial state', async () => {
    const skill = (event: PlatformEvent) => event['Skill'] === undefined || event['Skill'] === 'sales';
    const { host, frame } = makeHost({ policies: { [FRAME_ORIGIN]: { events: skill } } });
    host.dispatch([call(1, 'Active', { Skill: 'sales' }), call(2, 'Active', { Skill: 'support' })]);
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    host.dispatch([call(3, 'Incoming', { Skill: 'support' }), call(4, 'Incoming', { Skill: 'sales' }), agentState('Available')]);
    await page.envelope(2);
    await page.barrier();
    expect(page.events().filter((e) => e['ContactID'] !== undefined).map((e) => e['ContactID'])).to.deep.equal([1, 4]);
  });

  it('uses the default policy for allowed origins with no entry', async () => {
    const { host, frame } = makeHost({ defaultPolicy: { contactCard: false, commands: [] } });
    const cards = [] as unknown[];
    host.on('contactCard', (card) => cards.push(card));
    host.dispatch([call(1, 'Active')]);
    const page = await frame();
    page.post({ messageType: 'ContactCardData', contactCardData: { name: 'Ann' } });
    await page.barrier();
    expect(cards).to.deep.equal([]);
  });
});

describe('no prototype pollution; dangerous names change nothing (docs/desktop-builders.md#security-model)', () => {
  const dangerous = ['__proto__', 'constructor', 'toString', 'prototype', 'hasOwnProperty'];

  function prototypeSnapshot() {
    return JSON.stringify([Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort()]);
  }

  it('as message types, keys or values', async () => {
    const { host, frame, record } = makeHost();
    const commands = record('command');
    host.dispatch([agentState('Available'), call(1, 'Active')]);
    const before = prototypeSnapshot();
    const page = await frame();
    for (const name of dangerous) {
      page.post({ messageType: name });
      page.post(JSON.parse(`{"messageType":"RegisterForClientEvents","subscriptionTypes":["${name}"],"__proto__":{"polluted":true}}`));
      page.post(JSON.parse(`{"${name}":{"polluted":true},"messageType":"HoldEvent","contactId":"${name}"}`));
      page.post({ messageType: 'ContactCardData', contactCardData: JSON.parse(`{"__proto__":{"polluted":true},"name":7}`) });
      page.post({ messageType: 'RegisterForClientEvents', subscriptionTypes: ['agent'], contactId: name });
      page.post({ messageType: 'UnregisterFromClientEvents', issuer: name });
    }
    page.register(['agent'], { issuer: '__proto__' });
    const envelopes = await page.until(() => page.envelopes().find((e) => e.events[0]?.['status'] === 'OK') && page.envelopes(), 'the valid registration');
    expect(envelopes.filter((e) => e.events[0]?.['reason'] === 'Invalid Subscription Types')).to.have.length(dangerous.length);
    expect(envelopes.filter((e) => e.events[0]?.['reason'] === 'Invalid Contact Id')).to.have.length(dangerous.length);
    expect(prototypeSnapshot()).to.equal(before);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(commands).to.deep.equal([]);
    expect(host.subscriptions).to.deep.equal([{ origin: FRAME_ORIGIN, issuer: '__proto__', subscriptionTypes: ['agent'], contactId: null }]);
  });

  it('as event types and fields handed to the host', () => {
    const { host } = makeHost();
    host.dispatch([JSON.parse('{"Type":"__proto__","__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')]);
    host.dispatch([JSON.parse('{"Type":"CallContactEvent","ContactID":1,"Status":"Active","__proto__":{"polluted":true}}')]);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.getPrototypeOf(host.contacts[0])).to.equal(Object.prototype);
    expect(Object.hasOwn(host.contacts[0]!, '__proto__')).to.equal(false);
  });
});

describe('fuzzing: 10,000 random and malformed messages from a cross-origin frame, hostile values among them (docs/desktop-builders.md#security-model)', () => {
  it('leaves the host unthrown and unchanged, and a well-formed registration still works', async function () {
    this.timeout(120_000);
    const log = recordingLogger();
    const container = document.createElement('div');
    document.body.append(container);
    const commands: string[] = [];
    // No rate limit here: this is about what a message can do, not how many (see the flood tests).
    const host = new BridgeHost({ log, rateLimit: false, dialects: [aiccDialect()], controller: (command) => void commands.push(command.action) });
    onCleanUp(() => {
      host.dispose();
      container.remove();
    });
    const cards: unknown[] = [];
    host.on('contactCard', (card) => cards.push(card));
    const uncaught: unknown[] = [];
    const onError = (event: ErrorEvent) => uncaught.push(event.error);
    window.addEventListener('error', onError);
    onCleanUp(() => window.removeEventListener('error', onError));

    host.dispatch([agentState('Available'), call(1, 'Active'), call(2, 'Incoming')]);
    host.setSessionToken('token');
    const observer = await TestFrame.attach(host.createFrame({ url: frameUrl(), container }));
    observer.register(['all']);
    await observer.envelope(1);
    const snapshot = () => JSON.stringify({ agent: host.agentState, contacts: host.contacts, subscriptions: host.subscriptions });
    const before = snapshot();

    const fuzzer = await TestFrame.attach(host.createFrame({ url: frameUrl(), container }));
    await fuzzer.fuzz(5000, 1);
    await fuzzer.fuzz(5000, 2);
    fuzzer.register(['agent'], { issuer: 'AfterFuzz' });
    const envelopes = await fuzzer.until(() => {
      const all = fuzzer.envelopes();
      return all.some((e) => e.events[0]?.['status'] === 'OK') ? all : undefined;
    }, 'the well-formed registration', 60_000);

    expect(uncaught).to.deep.equal([]);
    expect(log.lines.filter((line) => line.level === 'error')).to.deep.equal([]);
    expect(commands).to.deep.equal([]);
    expect(cards).to.deep.equal([]);
    expect(envelopes.filter((e) => e.events[0]?.['status'] === 'ERROR').length, 'the invalid registrations were answered').to.be.greaterThan(100);
    const accepted = envelopes.find((e) => e.events[0]?.['status'] === 'OK')!;
    expect(accepted.events.map((e) => e['messageType'] ?? e['Type'])).to.deep.equal(['ClientEventSubscriptionAcknowledge', 'AgentState']);
    expect(host.subscriptions.map((s) => s.issuer)).to.deep.equal(['TestPage', 'AfterFuzz']);
    const after = JSON.parse(snapshot()) as { subscriptions: unknown[] };
    after.subscriptions = after.subscriptions.slice(0, 1);
    expect(JSON.stringify(after)).to.equal(before);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    // The observer still gets live events: the host kept working throughout.
    host.dispatch([call(1, 'Holding')]);
    await observer.envelope(2);
  });
});
