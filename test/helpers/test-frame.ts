/**
 * A cross-origin test page (test/fixtures/max-frame.html) driven over a
 * private MessagePort. The page is served from http://127.0.0.1:PORT while
 * the tests run on http://localhost:PORT: a different origin and site, so
 * Chromium gives it its own renderer process, as in a real desktop.
 */
import { until } from './until.js';

export const TEST_PORT = location.port;
/** The origin of the frames under test. */
export const FRAME_ORIGIN = `http://127.0.0.1:${TEST_PORT}`;
/** The test page's own origin: a second origin frames can navigate to. */
export const PAGE_ORIGIN = location.origin;

export function frameUrl(query = '', origin = FRAME_ORIGIN): string {
  return `${origin}/test/fixtures/max-frame.html${query ? `?${query}` : ''}`;
}

export interface Received {
  readonly origin: string;
  readonly data: unknown;
}

export interface Report {
  readonly kind: string;
  readonly origin?: string;
  readonly href?: string;
  readonly data?: unknown;
  readonly count?: number;
  readonly [key: string]: unknown;
}

export class TestFrame {
  /** Every window message the page received, in order. */
  readonly received: Received[] = [];
  /** Every other report the page sent (fixture-specific kinds), in order. */
  readonly reports: Report[] = [];
  #port: MessagePort | undefined;
  #waiters: (() => void)[] = [];
  #readyCount = 0;
  #fuzzed = 0;
  readonly #barriers = new Set<number>();

  constructor(readonly iframe: HTMLIFrameElement) {
    // Each document the frame loads gets a fresh port.
    iframe.addEventListener('load', () => this.#connect());
  }

  /** Creates an `<iframe>` (or wraps one a host created) and waits for its page. */
  static async attach(iframe: HTMLIFrameElement): Promise<TestFrame> {
    const frame = new TestFrame(iframe);
    await frame.ready(1);
    return frame;
  }

  /** Wraps a frame whose page has already loaded (a frame `ccbridge/testing` made): connects to it now. */
  static async attachLoaded(iframe: HTMLIFrameElement): Promise<TestFrame> {
    const frame = new TestFrame(iframe);
    frame.#connect();
    await frame.ready(1);
    return frame;
  }

  static async open(url: string, container: Element = document.body): Promise<TestFrame> {
    const iframe = document.createElement('iframe');
    iframe.src = url;
    const frame = new TestFrame(iframe);
    container.append(iframe);
    await frame.ready(1);
    return frame;
  }

  #connect(): void {
    const channel = new MessageChannel();
    this.#port?.close();
    this.#port = channel.port1;
    channel.port1.onmessage = (event: MessageEvent<Report>) => this.#onReport(event.data);
    this.iframe.contentWindow?.postMessage({ ccbridgeTestPort: true }, '*', [channel.port2]);
  }

  #onReport(report: Report): void {
    if (report.kind === 'ready') this.#readyCount += 1;
    else if (report.kind === 'fuzzed') this.#fuzzed += report.count ?? 0;
    else if (report.kind === 'message' && isBarrier(report.data)) this.#barriers.add(report.data.ccbridgeTestBarrier);
    else if (report.kind === 'message') this.received.push({ origin: report.origin ?? '', data: report.data });
    else this.reports.push(report);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Resolves once `predicate` holds, re-checked on every report from the page. */
  until<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    return until(predicate, what, timeoutMs, {
      subscribe: (wake) => this.#waiters.push(wake),
      seen: () => `received: ${JSON.stringify(this.received.map((r) => r.data)).slice(0, 2000)}`,
    });
  }

  /** Waits until the frame has loaded `count` documents in all. */
  ready(count: number): Promise<true> {
    return this.until(() => this.#readyCount >= count, `document #${count} to load`, 10_000);
  }

  get loads(): number {
    return this.#readyCount;
  }

  /** Envelopes with the given issuer (default MAX), in order. */
  envelopes(issuer = 'MAX'): { issuer: string; contactId: number | null; events: Record<string, unknown>[] }[] {
    return this.received
      .map((message) => message.data)
      .filter((data): data is { issuer: string; contactId: number | null; events: Record<string, unknown>[] } =>
        typeof data === 'object' && data !== null && (data as { issuer?: unknown }).issuer === issuer,
      );
  }

  /** Waits for the `n`-th envelope (1-based) and returns it. */
  envelope(n: number, issuer = 'MAX') {
    return this.until(() => this.envelopes(issuer)[n - 1], `envelope #${n}`);
  }

  /** All event items received so far, flattened across envelopes. */
  events(issuer = 'MAX'): Record<string, unknown>[] {
    return this.envelopes(issuer).flatMap((envelope) => envelope.events);
  }

  /**
   * Resolves once everything the page posted to its parent before now has
   * been handled there, and everything the parent posted to the page since
   * has been received and reported: the page posts a sentinel to its parent
   * (window messages between two windows keep their order), the parent posts
   * it back, and the page reports it after every earlier message. No fixed
   * sleep: a test that expects nothing to arrive waits on this instead.
   */
  async barrier(): Promise<void> {
    const id = (barrierCount += 1);
    const target = this.iframe.contentWindow;
    const arrived = new Promise<void>((resolve) => {
      const listener = (event: MessageEvent) => {
        if (event.source !== target || !isBarrier(event.data) || event.data.ccbridgeTestBarrier !== id) return;
        window.removeEventListener('message', listener);
        target?.postMessage({ ccbridgeTestBarrier: id }, '*');
        resolve();
      };
      window.addEventListener('message', listener);
    });
    this.post({ ccbridgeTestBarrier: id });
    await arrived;
    await this.until(() => this.#barriers.has(id), `barrier #${id}`);
  }

  /** Has the page post `data` to its parent. */
  post(data: unknown, targetOrigin = '*'): void {
    this.#send({ op: 'post', data, targetOrigin });
  }

  register(subscriptionTypes: unknown, extra: Record<string, unknown> = {}): void {
    this.post({ messageType: 'RegisterForClientEvents', subscriptionTypes, issuer: 'TestPage', ...extra });
  }

  async fuzz(count: number, seed: number): Promise<void> {
    const before = this.#fuzzed;
    this.#send({ op: 'fuzz', count, seed });
    await this.until(() => this.#fuzzed >= before + count, `${count} fuzz messages`, 60_000);
  }

  async reload(): Promise<void> {
    const loads = this.#readyCount;
    this.#send({ op: 'reload' });
    await this.ready(loads + 1);
  }

  async navigate(url: string): Promise<void> {
    const loads = this.#readyCount;
    this.#send({ op: 'navigate', url });
    await this.ready(loads + 1);
  }

  /** Reports of one kind, in order. */
  reportsOf(kind: string): Report[] {
    return this.reports.filter((report) => report.kind === kind);
  }

  /** Sends a fixture-specific control message. */
  control(control: Record<string, unknown>): void {
    this.#send(control);
  }

  #send(control: unknown): void {
    if (this.#port === undefined) throw new Error('the test frame is not connected');
    this.#port.postMessage(control);
  }
}

let barrierCount = 0;

function isBarrier(data: unknown): data is { ccbridgeTestBarrier: number } {
  return typeof data === 'object' && data !== null && typeof (data as { ccbridgeTestBarrier?: unknown }).ccbridgeTestBarrier === 'number';
}

/** A Logger that records instead of printing, for assertions. */
export function recordingLogger() {
  const lines: { level: 'debug' | 'warn' | 'error'; message: string; details: unknown[] }[] = [];
  return {
    lines,
    debug: (message: string, ...details: unknown[]) => void lines.push({ level: 'debug', message, details }),
    warn: (message: string, ...details: unknown[]) => void lines.push({ level: 'warn', message, details }),
    error: (message: string, ...details: unknown[]) => void lines.push({ level: 'error', message, details }),
  };
}
