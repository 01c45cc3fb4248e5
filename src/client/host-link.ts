/**
 * The page's line to its desktop: where messages go (the private port once
 * the host transferred one, else `window.postMessage` to the desktop's exact
 * origin), and which messages count as the desktop's (decision 2 of
 * bridge-client.ts): from the target window, from the host origin, a valid
 * envelope with the host's issuer. Everything else is counted in `ignored`,
 * never thrown.
 */
import { readEnvelope } from '../protocol/envelope.js';
import type { Envelope } from '../protocol/envelope.js';
import type { IgnoredCounts } from './types.js';

export class HostLink {
  readonly ignored: IgnoredCounts = { otherWindow: 0, otherOrigin: 0, otherIssuer: 0, malformed: 0, invalidEvents: 0 };
  #port: MessagePort | undefined;

  constructor(
    readonly window: Window,
    readonly target: Window,
    readonly hostOrigin: string,
    readonly hostIssuer: string,
    /** An envelope from the desktop, with the port it transferred, if any. */
    readonly receive: (envelope: Envelope, port: MessagePort | undefined) => void,
    signal: AbortSignal,
  ) {
    window.addEventListener('message', this.#onMessage, { signal });
  }

  /** `'port'` once the private channel is up, else `'window'`. */
  get transport(): 'port' | 'window' {
    return this.#port === undefined ? 'window' : 'port';
  }

  /** Sends over the private channel when there is one, else to the desktop's window. */
  send(message: object): void {
    if (this.#port !== undefined) this.#port.postMessage(message);
    else this.postToWindow(message);
  }

  /** Always to the desktop's window (a registration: the port belongs to a subscription). */
  postToWindow(message: object): void {
    this.target.postMessage(message, this.hostOrigin);
  }

  /** From now on, traffic both ways goes over `port`. */
  usePort(port: MessagePort): void {
    this.#port = port;
    port.onmessage = (event: MessageEvent) => this.#read(event.data, undefined);
  }

  /** Back to `window.postMessage`: the subscription that owned the port is over. */
  closePort(): void {
    this.#port?.close();
    this.#port = undefined;
  }

  readonly #onMessage = (event: MessageEvent): void => {
    if (event.source !== this.target || this.target === this.window) {
      this.ignored.otherWindow += 1;
      return;
    }
    if (this.hostOrigin !== '*' && event.origin !== this.hostOrigin) {
      this.ignored.otherOrigin += 1;
      return;
    }
    this.#read(event.data, event.ports[0]);
  };

  #read(data: unknown, port: MessagePort | undefined): void {
    const envelope = readEnvelope(data);
    if (envelope === undefined) this.ignored.malformed += 1;
    else if (envelope.issuer !== this.hostIssuer) this.ignored.otherIssuer += 1;
    else this.receive(envelope, port);
  }
}
