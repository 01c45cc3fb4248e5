/**
 * The Xivo XUC CTI websocket (`…/xuc/api/2.0/cti?token=…`).
 *
 * Decisions:
 * 1. Liveness: a `{claz:'ping'}` goes out every `heartbeatMs` (5 s). Any
 *    message from the server proves the link alive; after
 *    `maxMissedHeartbeats` (3) intervals with nothing received, the link is
 *    declared dead, closed, and reconnected. TCP alone can take minutes to
 *    notice a dead peer.
 * 2. Reconnection uses capped exponential backoff with jitter, reporting
 *    `offline` with the retry time. The translator (and its contact ids)
 *    survives reconnections.
 * 3. Commands the XUC cannot do (mute, mask, record) are rejected with
 *    `UNSUPPORTED` rather than silently ignored.
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import { SourceBase } from '../source.js';
import type { BackoffOptions, SourceCommand } from '../source.js';
import { XucTranslator } from './translate.js';

export interface XucSourceOptions {
  /** The CTI websocket, e.g. `wss://xuc.example.com/xuc/api/2.0/cti`. */
  readonly url: string;
  /** A token, or `login` to get one from `auth/login`. */
  readonly token?: string;
  /** Logs in at `{url's host}/xuc/api/2.0/auth/login` to get a token (and again on each reconnection). */
  readonly login?: { readonly login: string; readonly password: string };
  /** The agent, for `pauseAgent` / `unpauseAgent`. */
  readonly agentId?: number;
  /** Interval between pings. Default 5000 ms. */
  readonly heartbeatMs?: number;
  /** Intervals with nothing received before the link is declared dead. Default 3. */
  readonly maxMissedHeartbeats?: number;
  readonly backoff?: BackoffOptions;
  /** For tests and Node. Default `globalThis.WebSocket`. */
  readonly WebSocket?: typeof WebSocket;
  readonly fetch?: typeof fetch;
}

/** Thrown inside the connect loop when retrying cannot help (the login was refused): the source ends with `error`. */
class GiveUp extends Error {
  constructor(readonly error: BridgeError) {
    super(error.message);
  }
}

export class XucSource extends SourceBase {
  readonly #options: XucSourceOptions;
  readonly #translator = new XucTranslator();
  readonly #WebSocket: typeof WebSocket;
  readonly #heartbeatMs: number;
  readonly #maxMissed: number;
  #socket: WebSocket | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: XucSourceOptions) {
    super(options.backoff);
    if (options.token === undefined && options.login === undefined) {
      throw new BridgeError(ErrorCode.InvalidOption, 'XucSource: give a token or login credentials');
    }
    if (!/^wss?:\/\//.test(options.url)) throw new BridgeError(ErrorCode.InvalidOption, `XucSource: url must be ws:// or wss://, got "${options.url}"`);
    this.#options = options;
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.#heartbeatMs = options.heartbeatMs ?? 5000;
    this.#maxMissed = options.maxMissedHeartbeats ?? 3;
  }

  /** Resolves once the first connection is open; keeps reconnecting after that. */
  start(): Promise<void> {
    if (this.status.state !== 'idle') return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `XucSource: start() called while ${this.status.state}`));
    this.setStatus({ state: 'connecting' });
    return new Promise((resolve, reject) => {
      this.#loop = this.#connectLoop(resolve, reject);
    });
  }

  async stop(): Promise<void> {
    this.abort.abort(new DOMException('stopped', 'AbortError'));
    this.#socket?.close(1000, 'stopped');
    await this.#loop;
    this.end('stopped');
  }

  async execute(command: SourceCommand): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined || socket.readyState !== this.#WebSocket.OPEN) {
      throw new BridgeError(ErrorCode.PlatformError, `XucSource: not connected, cannot ${command.action}`);
    }
    socket.send(JSON.stringify(this.#commandMessage(command)));
  }

  /** The XUC command for a source command (the `claz: 'web'` messages). */
  #commandMessage(command: SourceCommand): Record<string, unknown> {
    const agentid = this.#options.agentId;
    switch (command.action) {
      case 'accept':
        return { claz: 'web', command: 'answer' };
      case 'reject':
      case 'end':
        return { claz: 'web', command: 'hangup' };
      case 'hold':
      case 'resume':
        return { claz: 'web', command: 'hold' };
      case 'dial':
        return { claz: 'web', command: 'dial', destination: command.phoneNumber };
      case 'setState':
        return command.state === 'Available'
          ? { claz: 'web', command: 'unpauseAgent', ...(agentid === undefined ? {} : { agentid }) }
          : { claz: 'web', command: 'pauseAgent', ...(agentid === undefined ? {} : { agentid }), ...(command.reason === undefined ? {} : { reason: command.reason }) };
      case 'agentLogin':
        return { claz: 'web', command: 'agentLogin', ...(agentid === undefined ? {} : { agentid }), ...(command.phoneNumber === undefined ? {} : { agentphonenumber: command.phoneNumber }) };
      case 'agentLogout':
        return { claz: 'web', command: 'agentLogout', ...(agentid === undefined ? {} : { agentid }) };
      default:
        throw new BridgeError(ErrorCode.Unsupported, `XucSource: the XUC API has no ${command.action} command`);
    }
  }

  // ---- Connection ----

  async #connectLoop(resolve: () => void, reject: (error: unknown) => void): Promise<void> {
    const signal = this.abort.signal;
    let first = true;
    while (!signal.aborted) {
      try {
        const token = this.#options.token ?? (await this.#login(signal));
        await this.#session(token, signal, () => {
          if (first) resolve();
          first = false;
        });
      } catch (error) {
        if (signal.aborted) break;
        if (error instanceof GiveUp) {
          this.end(error.message);
          reject(error.error);
          return;
        }
        try {
          await this.offline(error);
        } catch {
          break;
        }
      }
    }
    if (first) reject(new BridgeError(ErrorCode.PlatformError, 'XucSource: stopped before connecting'));
  }

  async #login(signal: AbortSignal): Promise<string> {
    const credentials = this.#options.login as { login: string; password: string };
    const url = new URL('/xuc/api/2.0/auth/login', this.#options.url.replace(/^ws/, 'http'));
    const response = await (this.#options.fetch ?? fetch)(url, {
      method: 'POST',
      signal,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    const body = (await response.json().catch(() => undefined)) as { token?: unknown } | undefined;
    if (response.status === 401 || response.status === 403) {
      // The credentials (an option) are unusable: retrying cannot help.
      throw new GiveUp(new BridgeError(ErrorCode.InvalidOption, `XucSource: login refused (HTTP ${response.status})`, { status: response.status }));
    }
    if (!response.ok || typeof body?.token !== 'string') throw new Error(`XUC login failed (HTTP ${response.status})`);
    return body.token;
  }

  /** One websocket connection: resolves or rejects when it closes. */
  #session(token: string, signal: AbortSignal, opened: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const url = new URL(this.#options.url);
      url.searchParams.set('token', token);
      const socket = new this.#WebSocket(url.href);
      this.#socket = socket;
      let heard = true;
      let missed = 0;
      let heartbeat: ReturnType<typeof setInterval> | undefined;
      const finish = (error?: Error): void => {
        clearInterval(heartbeat);
        signal.removeEventListener('abort', onAbort);
        if (this.#socket === socket) this.#socket = undefined;
        if (error === undefined || signal.aborted) resolve();
        else reject(error);
      };
      const onAbort = (): void => socket.close(1000, 'stopped');
      signal.addEventListener('abort', onAbort, { once: true });
      socket.onopen = () => {
        this.online();
        opened();
        heartbeat = setInterval(() => {
          missed = heard ? 0 : missed + 1;
          heard = false;
          if (missed >= this.#maxMissed) {
            socket.close(4000, 'heartbeat lost');
            finish(new Error(`no answer to ${missed} heartbeats`));
            return;
          }
          if (socket.readyState === this.#WebSocket.OPEN) socket.send(JSON.stringify({ claz: 'ping' }));
        }, this.#heartbeatMs);
      };
      socket.onmessage = (event: MessageEvent) => {
        heard = true;
        this.#onMessage(event.data);
      };
      socket.onclose = (event: CloseEvent) => finish(new Error(`connection closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`));
      socket.onerror = () => {
        /* followed by close, which reports */
      };
    });
  }

  #onMessage(data: unknown): void {
    let value: unknown;
    try {
      value = JSON.parse(String(data));
    } catch {
      this.emit('error', new BridgeError(ErrorCode.PlatformError, 'XucSource: a message that is not JSON'));
      return;
    }
    const translation = this.#translator.translate(value);
    if (translation.kind === 'events' && translation.events.length > 0) this.emit('events', translation.events);
    else if (translation.kind === 'error') this.emit('error', new BridgeError(ErrorCode.PlatformError, translation.message, value));
  }
}
