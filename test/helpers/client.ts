import { BridgeClient } from '../../src/client/index.js';
import type { BridgeClientOptions } from '../../src/client/index.js';
import { onCleanUp } from './host.js';
import { FRAME_ORIGIN, PAGE_ORIGIN, TestFrame } from './test-frame.js';

/** A real BridgeHost in a cross-origin frame, serving this test page. */
export async function hostFrame(query = ''): Promise<TestFrame> {
  const iframe = document.createElement('iframe');
  iframe.src = `${FRAME_ORIGIN}/test/fixtures/host-frame.html?allow=${encodeURIComponent(PAGE_ORIGIN)}&${query}`;
  document.body.append(iframe);
  onCleanUp(() => iframe.remove());
  return TestFrame.attach(iframe);
}

/** A desktop that speaks only MAX (no ccbridge), in a cross-origin frame. */
export async function maxOnlyHostFrame(): Promise<TestFrame> {
  const iframe = document.createElement('iframe');
  iframe.src = `${FRAME_ORIGIN}/test/fixtures/max-host.html`;
  document.body.append(iframe);
  onCleanUp(() => iframe.remove());
  return TestFrame.attach(iframe);
}

export function makeClient(desktop: TestFrame, options: Partial<BridgeClientOptions> = {}): BridgeClient {
  const client = new BridgeClient({
    hostOrigin: FRAME_ORIGIN,
    subscriptionTypes: ['all'],
    issuer: 'ClientTest',
    target: desktop.iframe.contentWindow!,
    ...options,
  });
  onCleanUp(() => client.dispose());
  return client;
}

/** Dispatches platform events in the desktop frame. */
export function dispatch(desktop: TestFrame, events: unknown[]): void {
  desktop.control({ op: 'dispatch', events });
}

export { until } from './until.js';

let barriers = 0;

/**
 * Resolves once the desktop frame has run every control sent before, and
 * everything its host posted to this window by then has been dispatched
 * here: the frame posts a sentinel after them (window messages keep their
 * order) and reports over its port. Envelopes on a private channel are not
 * ordered with window messages: wait on those themselves.
 */
export async function barrier(desktop: TestFrame): Promise<void> {
  const id = (barriers += 1);
  const posted = new Promise<void>((resolve) => {
    const listener = (event: MessageEvent) => {
      if (event.source !== desktop.iframe.contentWindow || (event.data as { ccbridgeTestBarrier?: unknown } | null)?.ccbridgeTestBarrier !== id) return;
      window.removeEventListener('message', listener);
      resolve();
    };
    window.addEventListener('message', listener);
  });
  desktop.control({ op: 'barrier', id });
  await posted;
  await desktop.until(() => desktop.reportsOf('barrier').some((report) => report['id'] === id), `the desktop's barrier #${id}`);
}
