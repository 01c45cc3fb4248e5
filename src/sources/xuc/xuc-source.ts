/**
 * The Xivo XUC CTI websocket (`…/xuc/api/2.0/cti?token=…`), spoken as XiVO's
 * own `cti.js` speaks it (docs/platforms.md).
 *
 * Decisions:
 * 1. The link is up when the server says `LoggedOn`, not when the socket
 *    opens; `LoggedOnError` (`loggedOnFailed`, `loggedOnTimeout`) is a failed
 *    connection with that reason, retried like any other.
 * 2. On every (re)connection the source asks for the calls in progress
 *    (`getCurrentCallsPhoneEvents`) and the agent states (`getAgentStates`),
 *    so a desktop that reconnects mid-call shows that call.
 * 3. Only this agent: the `agentId` option, or the one `UserConfigUpdate`
 *    gives; other agents' states are dropped.
 * 4. Liveness: a `{claz:'ping'}` goes out every `heartbeatMs` (5 s). Any
 *    message from the server proves the link alive; after
 *    `maxMissedHeartbeats` (3) intervals with nothing received, the link is
 *    declared dead, closed, and reconnected, as `cti.js` does. TCP alone can
 *    take minutes to notice a dead peer.
 * 5. Reconnection uses capped exponential backoff with jitter, reporting
 *    `offline` with the retry time. The translator (and its contact ids)
 *    survives reconnections.
 * 6. Commands name the call by its `uniqueId`. Commands the XUC cannot do
 *    (mask) are rejected with `UNSUPPORTED` rather than silently ignored.
 * 7. XUC has no cursor: a call that ends while the link is down sends no
 *    release. Every connection's resync (`CurrentCallsPhoneEvents`) is the
 *    truth: a call the source holds that it does not name ends, marked
 *    `Reconciled: 'True'`; a call that appeared is reported. The call table
 *    is the source's `checkpoint`, so another tab's source (`sharedSource`)
 *    keeps the same contact ids and reconciles the same way.
 * 8. Mute is a toggle of the call's microphone (`toggleMicrophone`) whose
 *    result no XiVO client shows a message for: the source keeps the state
 *    it asked for and reports it as a `Mute` event, so `MuteEvent` mutes and
 *    unmutes in turn and a page's button stays right; a mute asked for twice
 *    is not toggled back.
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import { contactIdOf, isContactEvent, isFinalEvent } from '../../protocol/rules.js';
import type { PlatformEvent } from '../../protocol/events.js';
import { SourceBase } from '../source.js';
import type { BackoffOptions, SourceCommand } from '../source.js';
import { XucCheckpoint, XucTranslator } from './translate.js';
import { describeIssues, parse } from '../../protocol/shape.js';

/** How an `XucSource` reaches the XUC server and who the agent is. */
export interface XucSourceOptions {
  /** The CTI websocket, e.g. `wss://xuc.example.com/xuc/api/2.0/cti`. */
  readonly url: string;
  /** A token, or `login` to get one from `auth/login`. */
  readonly token?: string;
  /** Logs in at `{url's host}/xuc/api/2.0/auth/login` to get a token (and again on each reconnection). */
  readonly login?: { readonly login: string; readonly password: string };
  /**
   * This agent: its states are kept, other agents' dropped; `pauseAgent`,
   * `unpauseAgent` and recording commands name it. Default: the id the
   * server's `UserConfigUpdate` gives.
   */
  readonly agentId?: number;
  /** Interval between pings. Default 5000 ms. */
  readonly heartbeatMs?: number;
  /** Intervals with nothing received before the link is declared dead. Default 3. */
  readonly maxMissedHeartbeats?: number;
  readonly backoff?: BackoffOptions;
  /** For tests and Node. Default `globalThis.WebSocket`. */
  readonly WebSocket?: typeof WebSocket;
  /** For tests and Node: what the login request goes through. Default `globalThis.fetch`. */
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
  readonly #translator: XucTranslator;
  /** The calls muted through this source (see `#muteEvent`). */
  readonly #muted = new Set<number>();
  readonly #WebSocket: typeof WebSocket;
  readonly #heartbeatMs: number;
  readonly #maxMissed: number;
  #socket: WebSocket | undefined;
  #loop: Promise<void> | undefined;

  /** A source for the XUC server at `options.url`; nothing connects before `start()`. */
  constructor(options: XucSourceOptions) {
    super(options.backoff);
    if (options.token === undefined && options.login === undefined) {
      throw new BridgeError(ErrorCode.InvalidOption, 'XucSource: give a token or login credentials');
    }
    if (!/^wss?:\/\//.test(options.url)) throw new BridgeError(ErrorCode.InvalidOption, `XucSource: url must be ws:// or wss://, got "${options.url}"`);
    this.#options = options;
    this.#translator = new XucTranslator(undefined, options.agentId);
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.#heartbeatMs = options.heartbeatMs ?? 5000;
    this.#maxMissed = options.maxMissedHeartbeats ?? 3;
  }

  /**
   * Where the source stands (decision 7): its call table, as a JSON value.
   * Read in an `events` listener, it is the table right after that batch.
   */
  get checkpoint(): XucCheckpoint {
    return this.#translator.checkpoint;
  }

  /**
   * Resolves once the first connection is open; keeps reconnecting after
   * that. With `from` (another source's `checkpoint`), takes over its calls
   * and their contact ids; the connection's resync then ends those that are
   * gone.
   */
  start(from?: unknown): Promise<void> {
    if (this.status.state !== 'idle') return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `XucSource: start() called while ${this.status.state}`));
    if (from !== undefined) {
      const checkpoint = parse(XucCheckpoint, from);
      if (!checkpoint.success) return Promise.reject(new BridgeError(ErrorCode.InvalidOption, `XucSource: start(from) takes a checkpoint: ${describeIssues(checkpoint.issues)}`));
      this.#translator.restore(checkpoint.data);
    }
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
    const message = this.#commandMessage(command);
    if (command.action === 'mute' || command.action === 'unmute') {
      const mute = command.action === 'mute';
      // Already so: a toggle would do the opposite. The state is reported again so the host agrees.
      if (this.#muted.has(command.contactId) !== mute) {
        socket.send(JSON.stringify(message));
        if (mute) this.#muted.add(command.contactId);
        else this.#muted.delete(command.contactId);
      }
      this.emit('events', [this.#muteEvent()]);
      return;
    }
    socket.send(JSON.stringify(message));
  }

  /**
   * The agent's mute state as a `Mute` event (CXone's vocabulary). XUC's
   * `toggleMicrophone` names a call's leg and no public XiVO client shows a
   * message that reports the result (docs/platforms.md), so the source keeps
   * what it asked for: muted while any call it muted is current.
   */
  #muteEvent(): PlatformEvent {
    return { Type: 'Mute', AgentMuted: this.#muted.size > 0 ? 'True' : 'False' };
  }

  /** The XUC command for a source command (the `claz: 'web'` messages of `cti.js`). */
  #commandMessage(command: SourceCommand): Record<string, unknown> {
    const agentid = this.#options.agentId ?? this.#translator.agentId;
    const agent = agentid === undefined ? {} : { agentid };
    // answer, hangup, hold and toggleMicrophone name the call's leg (newer cti.js).
    const call = (name: string, contactId: number): Record<string, unknown> => {
      const uniqueId = this.#translator.uniqueIdOf(contactId);
      return { claz: 'web', command: name, ...(uniqueId === undefined ? {} : { uniqueId }) };
    };
    switch (command.action) {
      case 'accept':
        return call('answer', command.contactId);
      case 'reject':
      case 'end':
        return call('hangup', command.contactId);
      case 'hold':
      case 'resume':
        return call('hold', command.contactId);
      case 'mute':
      case 'unmute':
        // A toggle on XUC versions that have it; an older server answers with an error.
        return call('toggleMicrophone', command.contactId);
      case 'record':
      case 'stopRecord':
        // The seed's monitorUnpause / monitorPause: resume or pause recording the agent's queue call.
        if (agentid === undefined) throw new BridgeError(ErrorCode.Unsupported, `XucSource: ${command.action} needs the agent id (the agentId option, or UserConfigUpdate)`);
        return { claz: 'web', command: command.action === 'record' ? 'monitorUnpause' : 'monitorPause', agentid };
      case 'dial':
        return { claz: 'web', command: 'dial', destination: command.phoneNumber, ...(command.variables === undefined ? {} : { variables: command.variables }) };
      case 'setState':
        return command.state === 'Available'
          ? { claz: 'web', command: 'unpauseAgent', ...agent }
          : { claz: 'web', command: 'pauseAgent', ...agent, ...(command.reason === undefined ? {} : { reason: command.reason }) };
      case 'transfer':
        // cti.js: directTransfer and attendedTransfer name the destination; complete and cancel act on the agent's consult.
        if (command.mode === 'blind') return { claz: 'web', command: 'directTransfer', destination: command.phoneNumber };
        if (command.mode === 'consult') return { claz: 'web', command: 'attendedTransfer', destination: command.phoneNumber };
        return { claz: 'web', command: command.mode === 'complete' ? 'completeTransfer' : 'cancelTransfer' };
      case 'conference':
        return { claz: 'web', command: 'conference' };
      case 'setContactData': {
        // cti.js's setData: variables of the agent's current call, which come back as its USR_* user data.
        const other = Object.keys(command.data).find((key) => !/^USR_/.test(key));
        if (other !== undefined) throw new BridgeError(ErrorCode.InvalidOption, `XucSource: XiVO carries call data in USR_* variables; '${other}' is not one`);
        return { claz: 'web', command: 'setData', variables: command.data };
      }
      case 'endWrapUp':
        // Not faked: XiVO records no disposition, and its wrap-up ends on the queue's own timer.
        throw new BridgeError(ErrorCode.Unsupported, 'XucSource: XiVO has no dispositions; after-call work ends on the queue\'s wrap-up timer');
      case 'agentLogin':
        return { claz: 'web', command: 'agentLogin', ...agent, ...(command.phoneNumber === undefined ? {} : { agentphonenumber: command.phoneNumber }) };
      case 'agentLogout':
        return { claz: 'web', command: 'agentLogout', ...agent };
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
      let loggedOn = false;
      /** Intervals since the socket opened without a `LoggedOn`: a server that never says it is a failed login. */
      let waiting = 0;
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
        heartbeat = setInterval(() => {
          missed = heard ? 0 : missed + 1;
          heard = false;
          waiting = loggedOn ? 0 : waiting + 1;
          if (missed >= this.#maxMissed || waiting > this.#maxMissed) {
            socket.close(4000, missed >= this.#maxMissed ? 'heartbeat lost' : 'no LoggedOn');
            finish(new Error(missed >= this.#maxMissed ? `no answer to ${missed} heartbeats` : 'the server never said LoggedOn'));
            return;
          }
          if (socket.readyState === this.#WebSocket.OPEN) socket.send(JSON.stringify({ claz: 'ping' }));
        }, this.#heartbeatMs);
      };
      socket.onmessage = (event: MessageEvent) => {
        heard = true;
        const translation = this.#onMessage(event.data);
        if (translation === 'loggedOn') {
          loggedOn = true;
          this.online();
          opened();
          // A desktop that (re)connects mid-call must show that call.
          socket.send(JSON.stringify({ claz: 'web', command: 'getCurrentCallsPhoneEvents' }));
          socket.send(JSON.stringify({ claz: 'web', command: 'getAgentStates' }));
        } else if (translation !== undefined) {
          socket.close(4001, translation);
          finish(new Error(`login refused by the server (${translation})`));
        }
      };
      socket.onclose = (event: CloseEvent) => finish(new Error(`connection closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`));
      socket.onerror = () => {
        /* followed by close, which reports */
      };
    });
  }

  /** A muted call that ends is no longer muted: the batch says so after the call's end. */
  #withMute(events: PlatformEvent[]): PlatformEvent[] {
    if (this.#muted.size === 0) return events;
    for (const event of events) if (isContactEvent(event) && isFinalEvent(event)) this.#muted.delete(contactIdOf(event) as number);
    return this.#muted.size === 0 ? [...events, this.#muteEvent()] : events;
  }

  /** Handles one server message; returns `'loggedOn'`, or the reason of a `LoggedOnError`, for the link to act on. */
  #onMessage(data: unknown): string | undefined {
    let value: unknown;
    try {
      value = JSON.parse(String(data));
    } catch {
      this.emit('error', new BridgeError(ErrorCode.PlatformError, 'XucSource: a message that is not JSON'));
      return undefined;
    }
    const translation = this.#translator.translate(value);
    if (translation.kind === 'events' && translation.events.length > 0) this.emit('events', this.#withMute(translation.events));
    else if (translation.kind === 'error') {
      // A server that does not know a command (toggleMicrophone on an older XUC) answers UNSUPPORTED, as the source does for mask.
      this.emit('error', new BridgeError(translation.unsupported === true ? ErrorCode.Unsupported : ErrorCode.PlatformError, translation.message, translation.details ?? value));
    }
    else if (translation.kind === 'loggedOn') return 'loggedOn';
    else if (translation.kind === 'loggedOnError') return translation.reason;
    return undefined;
  }
}
