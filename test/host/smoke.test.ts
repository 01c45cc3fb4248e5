import { expect } from '@open-wc/testing';
import { BridgeHost } from '../../src/host/index.js';
import { FRAME_ORIGIN, TestFrame, frameUrl } from '../helpers/test-frame.js';

describe('smoke', () => {
  it('acknowledges a cross-origin frame', async () => {
    const host = new BridgeHost();
    const iframe = host.createFrame({ url: frameUrl(), container: document.body });
    const frame = await TestFrame.attach(iframe);
    frame.register(['agent']);
    const envelope = await frame.envelope(1);
    expect(envelope.events[0]).to.deep.equal({ messageType: 'ClientEventSubscriptionAcknowledge', contactId: null, status: 'OK', reason: 'Success' });
    expect(frame.received[0]!.origin).to.equal(location.origin);
    expect(host.subscriptions[0]!.origin).to.equal(FRAME_ORIGIN);
    host.dispose();
    iframe.remove();
  });
});
