import { BridgeHost } from '../../src/host/index.js';
import type { BridgeHostOptions, BridgeHostEventMap } from '../../src/host/index.js';
import { TestFrame, frameUrl, recordingLogger } from './test-frame.js';

const cleanups: (() => void)[] = [];

/** Registers a clean-up for the current test; run by `cleanUp` in afterEach. */
export function onCleanUp(task: () => void): void {
  cleanups.push(task);
}

export function cleanUp(): void {
  for (const task of cleanups.splice(0).reverse()) task();
}

export function makeHost(options: BridgeHostOptions = {}) {
  const log = recordingLogger();
  const host = new BridgeHost({ log, ...options });
  const container = document.createElement('div');
  document.body.append(container);
  onCleanUp(() => {
    host.dispose();
    container.remove();
  });
  /** Records every host event of the given type. */
  function record<K extends keyof BridgeHostEventMap>(type: K): BridgeHostEventMap[K][] {
    const seen: BridgeHostEventMap[K][] = [];
    host.on(type, (detail) => seen.push(detail));
    return seen;
  }
  /** A frame the host creates (so its origin is allowed), with the fixture page. */
  async function frame(query = ''): Promise<TestFrame> {
    const iframe = host.createFrame({ url: frameUrl(query), container });
    return TestFrame.attach(iframe);
  }
  return { host, log, container, record, frame };
}

export const ack = (reason = 'Success', contactId: number | null = null) => ({
  messageType: 'ClientEventSubscriptionAcknowledge',
  contactId,
  status: reason === 'Success' ? 'OK' : 'ERROR',
  reason,
});
