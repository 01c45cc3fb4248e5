/**
 * The CXone / inContact agent session: a comet long poll on
 * `get-next-event`, and REST calls for commands.
 *
 * Decisions:
 * 1. The poll timeout is checked (an integer 0–60) when the source is made,
 *    before any request: the platform would reject anything else.
 * 2. Each 200 carries the session id to use for the next poll; the source
 *    adopts it only after the response was read and its events dispatched. A
 *    poll that fails for any reason is retried with the id it had, so the
 *    platform sends the same events again: nothing is lost, and since nothing
 *    of a failed response was dispatched, nothing is dispatched twice.
 * 3. Network errors, 5xx and 429 are retried with capped exponential backoff
 *    and full jitter, reporting `offline` with the retry time; 401 asks the
 *    token-refresh hook once and retries; 409 or `AgentSessionEnd` end the
 *    source for good.
 * 4. A long poll that outlives its timeout by 15 s is aborted and retried: a
 *    half-open connection must not stall the desktop forever.
 */
import { BridgeError, ErrorCode } from '../../protocol/errors.js';
import { parsePlatformEvent } from '../../protocol/events.js';
import type { PlatformEvent } from '../../protocol/events.js';
import { SourceBase } from '../source.js';
import type { BackoffOptions, SourceCommand } from '../source.js';
import { commandRequest } from './commands.js';
import { NextEventResponse, SessionStarted } from './schemas.js';

/** What the token service returns (API password or implicit grant). */
export interface CxoneToken {
  readonly access_token: string;
  readonly token_type: string;
  /** e.g. `https://api-c7.incontact.com/inContactAPI/` */
  readonly resource_server_base_uri: string;
}

/** Start a session on a station, or join one that exists. */
export type CometSession =
  | { readonly stationPhoneNumber: string }
  | { readonly stationId: string }
  | { readonly sessionId: string };

export interface CometSourceOptions {
  readonly token: CxoneToken;
  /** Called on a 401: return a fresh token (the source retries once with it). */
  readonly refreshToken?: () => Promise<CxoneToken>;
  readonly session: CometSession;
  /** `v12.0` by default; any `vNN.0` the tenant offers. */
  readonly apiVersion?: string;
  /** Seconds the platform may hold each poll: an integer from 0 to 60. Default 30. */
  readonly timeoutSeconds?: number;
  readonly backoff?: BackoffOptions;
  /** For tests and non-browser runtimes. Default `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
}

export class CometSource extends SourceBase {
  readonly #options: CometSourceOptions;
  readonly #fetch: typeof fetch;
  readonly #timeoutSeconds: number;
  readonly #apiVersion: string;
  #token: CxoneToken;
  /** The session id from the start call: what commands and DELETE use. */
  #sessionId: string | undefined;
  /** The id for the next poll (the latest a 200 returned). */
  #pollId: string | undefined;
  #startedHere = false;
  #loop: Promise<void> | undefined;

  constructor(options: CometSourceOptions) {
    super(options.backoff);
    const timeout = options.timeoutSeconds ?? 30;
    if (!Number.isInteger(timeout) || timeout < 0 || timeout > 60) {
      throw new BridgeError(ErrorCode.InvalidOption, `CometSource: timeoutSeconds must be an integer from 0 to 60, got ${String(timeout)}`);
    }
    const version = options.apiVersion ?? 'v12.0';
    if (!/^v\d+\.\d+$/.test(version)) {
      throw new BridgeError(ErrorCode.InvalidOption, `CometSource: apiVersion must look like "v12.0", got "${version}"`);
    }
    this.#options = options;
    this.#timeoutSeconds = timeout;
    this.#apiVersion = version;
    this.#token = options.token;
    this.#fetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  }

  /** The agent session id (what MAX pages get as the `sessioninfo` token). */
  get sessionId(): string | undefined {
    return this.#sessionId;
  }

  async start(): Promise<void> {
    if (this.status.state !== 'idle') throw new BridgeError(ErrorCode.InvalidOption, `CometSource: start() called while ${this.status.state}`);
    this.setStatus({ state: 'connecting' });
    const { session } = this.#options;
    if ('sessionId' in session) {
      this.#sessionId = session.sessionId;
    } else {
      this.#sessionId = await this.#startSession(session);
      this.#startedHere = true;
    }
    this.#pollId = this.#sessionId;
    this.setSessionToken(this.#sessionId);
    this.setStatus({ state: 'online' });
    this.#loop = this.#pollLoop();
  }

  async stop(): Promise<void> {
    if (this.status.state === 'idle') {
      this.setStatus({ state: 'ended', reason: 'stopped' });
      return;
    }
    const wasEnded = this.status.state === 'ended';
    this.abort.abort(new DOMException('stopped', 'AbortError'));
    await this.#loop;
    if (this.#startedHere && !wasEnded && this.#sessionId !== undefined) {
      // Best effort: the platform ends an abandoned session on its own too.
      try {
        await this.#request('DELETE', `/${encodeURIComponent(this.#sessionId)}`, undefined, AbortSignal.timeout(5000));
      } catch {
        /* ignored: we are leaving anyway */
      }
    }
    if (!wasEnded) this.end('stopped');
  }

  async execute(command: SourceCommand): Promise<void> {
    if (this.#sessionId === undefined || this.status.state === 'ended') {
      throw new BridgeError(ErrorCode.PlatformError, `CometSource: no session to ${command.action} on`);
    }
    const { method, path, body } = commandRequest(command);
    const response = await this.#request(method, `/${encodeURIComponent(this.#sessionId)}${path}`, body, AbortSignal.timeout(15_000));
    if (!response.ok) {
      const text = await response.text().catch(() => '');
      throw new BridgeError(ErrorCode.PlatformError, `CometSource: ${command.action} failed with HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`, { status: response.status });
    }
  }

  // ---- Session ----

  async #startSession(session: { readonly stationPhoneNumber: string } | { readonly stationId: string }): Promise<string> {
    for (;;) {
      let response: Response;
      try {
        response = await this.#request('POST', '', session, this.abort.signal);
      } catch (error) {
        if (this.abort.signal.aborted) throw error;
        await this.offline(error);
        continue;
      }
      if (response.status >= 500 || response.status === 429) {
        await this.offline(new Error(`HTTP ${response.status}`));
        continue;
      }
      const started = SessionStarted.safeParse(await response.json().catch(() => undefined));
      if (!response.ok || !started.success) {
        const reason = `could not start the agent session (HTTP ${response.status})`;
        this.end(reason);
        throw new BridgeError(ErrorCode.PlatformError, `CometSource: ${reason}`, { status: response.status });
      }
      this.backoff.reset();
      return started.data.sessionId;
    }
  }

  // ---- The long poll ----

  async #pollLoop(): Promise<void> {
    const signal = this.abort.signal;
    while (!signal.aborted && this.status.state !== 'ended') {
      try {
        await this.#pollOnce(signal);
      } catch (error) {
        if (signal.aborted) return;
        try {
          await this.offline(error);
        } catch {
          return; // aborted while waiting
        }
      }
    }
  }

  async #pollOnce(signal: AbortSignal): Promise<void> {
    const path = `/${encodeURIComponent(this.#pollId ?? '')}/get-next-event?timeout=${this.#timeoutSeconds}`;
    const deadline = AbortSignal.timeout((this.#timeoutSeconds + 15) * 1000);
    const response = await this.#request('GET', path, undefined, AbortSignal.any([signal, deadline]));
    if (response.status === 304) {
      this.online();
      return;
    }
    if (response.status === 409) {
      this.end('the agent session is gone (HTTP 409)');
      return;
    }
    if (response.status >= 500 || response.status === 429) throw new Error(`HTTP ${response.status}`);
    if (response.status === 401) throw new Error('HTTP 401 after refreshing the token');
    if (response.status !== 200) {
      this.end(`get-next-event failed with HTTP ${response.status}`);
      return;
    }
    // A body that does not parse is treated like a lost response: retried with the same id.
    const body = NextEventResponse.safeParse(await response.json());
    if (!body.success) throw new Error('get-next-event returned a body that is not { sessionId, events }');
    const events: PlatformEvent[] = [];
    for (const value of body.data.events) {
      const parsed = parsePlatformEvent(value);
      if (parsed.success) events.push(parsed.data);
      else this.emit('error', new BridgeError(ErrorCode.InvalidEvent, `CometSource: skipped an invalid event: ${parsed.error}`, value));
    }
    this.#pollId = body.data.sessionId;
    this.online();
    if (events.length > 0) this.emit('events', events);
    if (events.some((event) => event.Type === 'AgentSessionEnd')) this.end('the agent session ended');
  }

  // ---- HTTP ----

  async #request(method: string, path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    let response = await this.#send(method, path, body, signal);
    if (response.status === 401 && this.#options.refreshToken !== undefined) {
      this.#token = await this.#options.refreshToken();
      response = await this.#send(method, path, body, signal);
    }
    return response;
  }

  #send(method: string, path: string, body: unknown, signal: AbortSignal): Promise<Response> {
    const base = this.#token.resource_server_base_uri.replace(/\/?$/, '/');
    return this.#fetch(`${base}services/${this.#apiVersion}/agent-sessions${path}`, {
      method,
      signal,
      headers: {
        Authorization: `${this.#token.token_type} ${this.#token.access_token}`,
        Accept: 'application/json',
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  }
}
