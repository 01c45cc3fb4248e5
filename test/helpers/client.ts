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

/** Polls `predicate` (which may be async) until it gives a value other than undefined/false. */
export function until<T>(predicate: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const check = async () => {
      const value = await predicate();
      if (value !== undefined && value !== false) resolve(value);
      else if (performance.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(() => void check(), 5);
    };
    void check();
  });
}
