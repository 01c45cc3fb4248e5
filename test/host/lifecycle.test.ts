import { expect } from '@open-wc/testing';
import { FRAME_ORIGIN, PAGE_ORIGIN, TestFrame, frameUrl } from '../helpers/test-frame.js';
import { until } from '../helpers/until.js';
import { ack, cleanUp, makeHost } from '../helpers/host.js';
import { agentState, call } from '../helpers/events.js';

afterEach(cleanUp);

describe('a frame that reloads registers again and gets the state again (docs/desktop-builders.md#lifecycle)', () => {
  for (const when of ['script', 'load'] as const) {
    it(`when the page registers at ${when === 'script' ? 'start-up, before its load event' : 'its load event'}`, async () => {
      const { host, frame, record } = makeHost();
      const causes = record('unsubscription');
      host.dispatch([agentState('Available'), call(3, 'Active')]);
      const page = await frame(`register=all&when=${when}`);
      const first = await page.envelope(1);
      expect(first.events.map((e) => e['messageType'] ?? e['Type'])).to.deep.equal(['ClientEventSubscriptionAcknowledge', 'AgentState', 'CallContactEvent']);
      page.received.length = 0;
      await page.reload();
      const again = await page.envelope(1);
      expect(again.events.map((e) => e['messageType'] ?? e['Type'])).to.deep.equal(['ClientEventSubscriptionAcknowledge', 'AgentState', 'CallContactEvent']);
      expect(host.subscriptions).to.have.length(1);
      expect(causes.map((c) => c.cause)).to.deep.equal(['reloaded']);
      host.dispatch([call(3, 'Holding')]);
      await page.envelope(2);
      await page.barrier();
      expect(page.envelopes(), 'one subscription, one copy of each event').to.have.length(2);
    });
  }

  it('stops sending to a frame whose new document has not registered', async () => {
    const { host, frame } = makeHost();
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    await page.reload();
    page.received.length = 0;
    host.dispatch([agentState('Available')]);
    await page.barrier();
    expect(page.received).to.deep.equal([]);
    expect(host.subscriptions).to.deep.equal([]);
  });

  it('handles reloads of frames the desktop created itself and the host adopted', async () => {
    const { host } = makeHost();
    const iframe = document.createElement('iframe');
    iframe.src = frameUrl('register=agent&when=load');
    host.adoptFrame(iframe, { loading: true });
    document.body.append(iframe);
    const page = await TestFrame.attach(iframe);
    await page.envelope(1);
    page.received.length = 0;
    await page.reload();
    expect((await page.envelope(1)).events[0]).to.deep.equal(ack());
    expect(host.subscriptions).to.have.length(1);
    iframe.remove();
  });
});

describe('a registration repeated while the frame loads is acknowledged once (MAX: the duplicate is logged and ignored)', () => {
  for (const when of ['script', 'load'] as const) {
    it(`a page that registers twice at ${when === 'script' ? 'start-up' : 'its load event'} gets one acknowledgement and one initial state; a reload still re-registers`, async () => {
      const { host, frame, record } = makeHost();
      const rejections = record('rejection');
      const causes = record('unsubscription');
      host.dispatch([agentState('Available'), call(3, 'Incoming')]);
      const page = await frame(`register=all&when=${when}&times=2`);
      await page.envelope(1);
      await page.barrier();
      expect(page.envelopes(), 'one acknowledgement').to.have.length(1);
      expect(page.events().filter((e) => e['Status'] === 'Incoming'), 'one screen pop').to.have.length(1);
      expect(rejections.map((r) => r.refusal)).to.include('DUPLICATE_REGISTRATION');
      expect(causes).to.deep.equal([]);

      page.received.length = 0;
      await page.reload();
      const again = await page.envelope(1);
      expect(again.events.map((e) => e['messageType'] ?? e['Type'])).to.deep.equal(['ClientEventSubscriptionAcknowledge', 'AgentState', 'CallContactEvent']);
      await page.barrier();
      expect(page.envelopes(), 'one acknowledgement after the reload').to.have.length(1);
      expect(causes.map((c) => c.cause)).to.deep.equal(['reloaded']);
      expect(host.subscriptions).to.have.length(1);
    });
  }
});

describe('a desktop that reloads a frame itself (sets its src) (docs/desktop-builders.md#lifecycle)', () => {
  it('takes the new document\'s registration, sent while it loads, as a new one: no DUPLICATE_REGISTRATION, one acknowledgement', async () => {
    const { host, frame, record } = makeHost();
    const rejections = record('rejection');
    const causes = record('unsubscription');
    host.dispatch([agentState('Available')]);
    const page = await frame('register=all&when=script&times=1');
    await page.envelope(1);
    page.received.length = 0;
    const loaded = new Promise((resolve) => page.iframe.addEventListener('load', resolve, { once: true }));
    // What a desktop's reload button does: a new document in the same window, registering before its load event.
    page.iframe.src = page.iframe.src;
    await loaded;
    await until(() => page.envelopes().length >= 1, 'the new document\'s acknowledgement');
    await page.barrier();
    expect(page.envelopes(), 'one acknowledgement').to.have.length(1);
    expect(rejections.filter((r) => r.refusal === 'DUPLICATE_REGISTRATION')).to.deep.equal([]);
    expect(causes.map((c) => c.cause)).to.deep.equal(['reloaded']);
    expect(host.subscriptions).to.have.length(1);
  });
});

describe('a registered frame that navigates to another origin receives nothing further (docs/desktop-builders.md#lifecycle)', () => {
  it('drops what the host posts, because replies name the registered origin', async () => {
    const { host, frame } = makeHost({ allowedOrigins: [PAGE_ORIGIN] });
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    await page.navigate(frameUrl('', PAGE_ORIGIN));
    page.received.length = 0;
    host.dispatch([agentState('Available'), call(1, 'Active')]);
    await page.barrier();
    expect(page.received).to.deep.equal([]);
  });

  it('treats a registration from the same window on a new origin as a new document', async () => {
    const { host, frame, record } = makeHost({ allowedOrigins: [PAGE_ORIGIN] });
    const causes = record('unsubscription');
    const page = await frame('register=agent&when=load');
    await page.envelope(1);
    await page.navigate(frameUrl('register=contacts', PAGE_ORIGIN));
    await page.until(() => host.subscriptions[0]?.origin === PAGE_ORIGIN, 'the new registration');
    expect(host.subscriptions).to.deep.equal([{ origin: PAGE_ORIGIN, issuer: 'TestPage', subscriptionTypes: ['contacts'], contactId: null }]);
    expect(causes.map((c) => c.cause)).to.deep.equal(['navigated']);
  });
});

describe('subscriptions of removed frames are dropped (docs/desktop-builders.md#lifecycle)', () => {
  it('when the host removes the frame', async () => {
    const { host, frame } = makeHost();
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    host.removeFrame(page.iframe);
    expect(host.subscriptions).to.deep.equal([]);
  });

  it('when the desktop removes the element itself, at the next delivery', async () => {
    const { host, frame, record } = makeHost();
    const causes = record('unsubscription');
    const page = await frame();
    page.register(['all']);
    await page.envelope(1);
    page.iframe.remove();
    host.dispatch([agentState('Available')]);
    await until(() => causes.length === 1, 'the removed frame\'s unsubscription');
    expect(host.subscriptions).to.deep.equal([]);
    expect(causes.map((c) => c.cause)).to.deep.equal(['removed']);
  });

  it('releases the origin with the last frame that brought it', async () => {
    const { host, frame, record } = makeHost();
    const rejections = record('rejection');
    const page = await frame();
    host.removeFrame(page.iframe);
    const stray = await TestFrame.open(frameUrl());
    stray.register(['all']);
    await stray.until(() => rejections.length === 1, 'the rejection');
    expect(rejections[0]).to.include({ origin: FRAME_ORIGIN, refusal: 'ORIGIN_NOT_ALLOWED' });
    stray.iframe.remove();
  });
});
