/**
 * A cross-origin test page (test/fixtures/max-frame.html) driven over a
 * private MessagePort. The page is served from http://127.0.0.1:PORT while
 * the tests run on http://localhost:PORT: a different origin and site, so
 * Chromium gives it its own renderer process, as in a real desktop.
 */
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
    else if (report.kind === 'message') this.received.push({ origin: report.origin ?? '', data: report.data });
    else this.reports.push(report);
    for (const wake of this.#waiters.splice(0)) wake();
  }

  /** Resolves once `predicate` holds, re-checked on every report. */
  async until<T>(predicate: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value !== undefined && value !== false) return value;
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; received: ${JSON.stringify(this.received.map((r) => r.data)).slice(0, 2000)}`);
      // Woken by the frame's reports, and polling for host-side conditions.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 10));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
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

/** Lets every queued message and microtask run (a cross-process round trip or two). */
export function settle(ms = 150): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
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
